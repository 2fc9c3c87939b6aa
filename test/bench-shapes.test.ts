// The benchmark (bench/) must never measure errors: each of its shapes is run once here, for the
// facade and for the peer, and checked in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_TOKEN, seedBenchAccount } from '../bench/fixture.ts';
import { createPeerYoga } from '../bench/peer.ts';
import {
  answerOnce,
  buildShapes,
  checkGraphQLResponse,
  discoverFixture,
  type Fixture,
  type GraphQLRequest,
  type Shape,
} from '../bench/shapes.ts';
import { startStack, type Stack } from './helpers/stack.ts';

let stack: Stack;
let fixture: Fixture;
let shapes: Shape[];
let peer: Awaited<ReturnType<typeof createPeerYoga>>;

beforeAll(async () => {
  stack = await startStack();
  seedBenchAccount(stack.simulator.account(BENCH_TOKEN));
  fixture = await discoverFixture(stack.simulator.url, BENCH_TOKEN);
  shapes = buildShapes(fixture);
  peer = await createPeerYoga({ upstreamUrl: stack.simulator.url });
});
afterAll(() => stack.close());

describe('benchmark shapes', () => {
  it('has the six shapes of the issues', () => {
    expect(shapes.map((shape) => shape.id)).toEqual(['list', 'lookups', 'n+1', 'mutation', 'usage', 'keys']);
  });

  it.each(['list', 'lookups', 'n+1', 'mutation', 'usage', 'keys'])(
    '%s: the facade answers with data, no errors, and the upstream requests the shape expects',
    async (id) => {
      const shape = shapes.find((candidate) => candidate.id === id)!;
      stack.simulator.clearRequests();
      const res = await stack.gql(shape.facade.query, shape.facade.variables, { token: BENCH_TOKEN });
      checkGraphQLResponse(shape, 'facade', res.status, res.text);
      expect(stack.upstream()).toHaveLength(shape.facadeRequests);
      expect(shape.facadeRequests).toBeLessThanOrEqual(shape.distinctResources);
    },
  );

  const askPeer = async (request: GraphQLRequest) => {
    const response = await peer.fetch('http://peer/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
      body: JSON.stringify(request),
    });
    return { status: response.status, text: await response.text() };
  };

  it.each(['list', 'lookups', 'n+1', 'mutation', 'usage', 'keys'])('%s: the peer answers with data and no errors', async (id) => {
    const shape = shapes.find((candidate) => candidate.id === id)!;
    stack.simulator.clearRequests();
    await answerOnce(shape, 'peer', askPeer);
    if (id !== 'lookups') expect(stack.upstream()).toHaveLength(shape.peerRequests ?? shape.distinctResources);
  });

  it('n+1: the peer in one request, with the ids handed to it, answers the same', async () => {
    const shape = buildShapes(fixture, { peerNPlusOne: 'one-request' }).find((candidate) => candidate.id === 'n+1')!;
    expect(shape.peerThen).toBeUndefined();
    await answerOnce(shape, 'peer', askPeer);
  });

  it.each(['events-only', 'events-and-keys'] as const)(
    'usage, facade %s (a floor of the join): answers as checked',
    async (usageFacade) => {
      const shape = buildShapes(fixture, { usageFacade }).find((candidate) => candidate.id === 'usage')!;
      stack.simulator.clearRequests();
      const res = await stack.gql(shape.facade.query, shape.facade.variables, { token: BENCH_TOKEN });
      checkGraphQLResponse(shape, 'facade', res.status, res.text);
      expect(stack.upstream()).toHaveLength(shape.facadeRequests);
      expect(() => checkGraphQLResponse(shape, 'facade', 200, '{"data":{"usageEvents":{"nodes":[]}}}')).toThrow(/100 events/);
    },
  );

  it('raw REST: the upstream serves shape 1 directly', async () => {
    const shape = shapes[0]!;
    const response = await fetch(stack.simulator.url + shape.raw!.path, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
    expect(response.status).toBe(200);
    expect((await response.json()).aiGatewayProviderKeys).toHaveLength(20);
  });

  it('the checks catch what the bench must not measure', () => {
    const shape = shapes[0]!;
    expect(() => checkGraphQLResponse(shape, 'facade', 200, '{"errors":[{"message":"x"}],"data":null}')).toThrow(/errors/);
    expect(() => checkGraphQLResponse(shape, 'facade', 500, '{}')).toThrow(/HTTP 500/);
    expect(() => checkGraphQLResponse(shape, 'facade', 200, '{"data":{"providerKeys":{"nodes":[]}}}')).toThrow(/20 provider keys/);
  });
});
