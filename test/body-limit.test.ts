// The request body limit (MAX_REQUEST_BYTES): by Content-Length when there is one, by
// counting the bytes of a chunked upload otherwise.
import { describe, expect, it } from 'vitest';
import { useStack } from './helpers/stack.ts';

const LIMIT = 2_000_000;
const stack = useStack({ MAX_REQUEST_BYTES: String(LIMIT) });

const QUERY = '{ providerKeys(first: 1) { nodes { id } } }';

/** A JSON body of exactly `bytes` bytes that asks QUERY (padded with spaces). */
function bodyOf(bytes: number): string {
  const json = JSON.stringify({ query: QUERY });
  return `${json.slice(0, -1) + ' '.repeat(bytes - json.length)}}`;
}

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + (1 << 20)));
      offset += 1 << 20;
    },
  });
}

async function post(body: string | ReadableStream<Uint8Array>) {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

describe('request body limit', () => {
  it('accepts a body of exactly the limit', async () => {
    const res = await post(bodyOf(LIMIT));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses a longer body by its Content-Length, with 413', async () => {
    const res = await post(bodyOf(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({
      message: `Request body too large: the limit is ${LIMIT} bytes.`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('counts a chunked body as it arrives', async () => {
    const small = await post(chunked(bodyOf(2_000_000)));
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    const large = await post(chunked(bodyOf(LIMIT + 1)));
    expect(large.status).toBe(413);
    expect(large.body.errors[0]).toMatchObject({
      message: `Request body too large: the limit is ${LIMIT} bytes.`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });
});
