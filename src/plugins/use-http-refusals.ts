import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ALL_ERROR_CODES, type RequestErrorCode } from '../errors.ts';

/** The refusal a status means, for the errors yoga and its plugins raise without a code of ours. */
const CODE_BY_STATUS: Readonly<Record<number, RequestErrorCode>> = {
  400: 'BAD_REQUEST',
  403: 'CSRF_REJECTED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Extensions that name internals (yoga puts the JSON parser's error in `originalError`); never sent. */
const INTERNAL_EXTENSIONS = ['originalError', 'stack'];

export interface HttpRefusalOptions {
  /** Where GraphQL is served, for the message of a 404. */
  graphqlEndpoint: string;
  /** The headers CSRF prevention accepts as proof that a request is not a "simple" cross-site one. */
  csrfHeaders: readonly string[];
}

/**
 * Gives every refusal of an HTTP request a code from the closed set (src/errors.ts) and an honest
 * message, with the status GraphQL over HTTP asks for, and keeps internals out of the body:
 * - a method other than GET or POST is METHOD_NOT_ALLOWED (405), before CSRF prevention looks at it;
 * - errors yoga and its plugins raise while reading the request get the code their status means
 *   (a CSRF refusal is CSRF_REJECTED, a GET mutation METHOD_NOT_ALLOWED, ...), without
 *   `originalError` (yoga puts the JSON parser's error there);
 * - the responses yoga answers without a body (415, 406, 404) get a JSON body with a code.
 * Register it before useCSRFPrevention.
 */
export function useHttpRefusals(options: HttpRefusalOptions): Plugin {
  const csrf = `Refused as a possible cross-site request: a GET, or a POST whose body is a form or plain text, must carry one of the headers ${options.csrfHeaders.join(', ')}.`;
  const messages: Partial<Record<RequestErrorCode, string>> = {
    CSRF_REJECTED: csrf,
    NOT_FOUND: `Nothing here: GraphQL is served at ${options.graphqlEndpoint}.`,
    NOT_ACCEPTABLE: `The Accept header allows no format this endpoint answers in: accept application/graphql-response+json or application/json.`,
    UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json (or use GET with the query in the URL).',
  };
  return {
    onRequestParse({ request }) {
      if (request.method === 'GET' || request.method === 'POST') return;
      throw new GraphQLError(`${request.method} is not allowed: send GraphQL requests with GET or POST.`, {
        extensions: { code: 'METHOD_NOT_ALLOWED', http: { status: 405, headers: { Allow: 'GET, POST' } } },
      });
    },
    onResultProcess({ result, setResult }) {
      const errors = (result as ExecutionResult).errors;
      if (!errors?.length) return;
      let changed = false;
      const safe = errors.map((error) => {
        const coded = withRequestCode(error, messages);
        if (coded !== error) changed = true;
        return coded;
      });
      if (changed) setResult({ ...(result as ExecutionResult), errors: safe });
    },
    onResponse({ response, setResponse, fetchAPI }) {
      if (response.status < 400 || /json/.test(response.headers.get('content-type') ?? '')) return;
      const code = CODE_BY_STATUS[response.status] ?? (response.status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
      const headers = new fetchAPI.Headers(response.headers);
      headers.delete('content-length');
      headers.set('content-type', 'application/json; charset=utf-8');
      const message = messages[code as RequestErrorCode] ?? (response.statusText || `HTTP ${response.status}`);
      const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
      setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
    },
  };
}

function withRequestCode(error: GraphQLError, messages: Partial<Record<RequestErrorCode, string>>): GraphQLError {
  const extensions = (error.extensions ?? {}) as Record<string, unknown>;
  const status = (extensions.http as { status?: number } | undefined)?.status;
  const code = codeOf(extensions.code, status);
  const message = code !== extensions.code ? (messages[code as RequestErrorCode] ?? error.message) : error.message;
  const internals = INTERNAL_EXTENSIONS.some((key) => key in extensions);
  if (code === extensions.code && !internals && error instanceof GraphQLError) return error;
  const safe = Object.fromEntries(Object.entries(extensions).filter(([key]) => !INTERNAL_EXTENSIONS.includes(key)));
  // yoga applies an error's status to an application/json answer only when the error has an
  // originalError that is not a GraphQL error (a malformed body, not a GraphQL request error);
  // without it, the status must say so itself (`spec` errors are the ones yoga may answer with 200).
  if (internals && safe.http) safe.http = { ...(safe.http as object), spec: false };
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...safe, code },
  });
}

function codeOf(code: unknown, status: number | undefined): string {
  const byStatus = status === undefined ? undefined : CODE_BY_STATUS[status];
  // yoga marks every request it cannot take BAD_REQUEST, or leaves the code out; the status says which refusal it is.
  if (byStatus && (code === undefined || code === 'BAD_REQUEST')) return byStatus;
  if (typeof code === 'string' && ALL_ERROR_CODES.has(code)) return code;
  return status !== undefined && status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
}
