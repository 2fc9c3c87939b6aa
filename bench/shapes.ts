// The benchmark's query shapes, each written for the facade, for the peer (the schema that
// @omnigraph/openapi generates from the OpenAPI document) and, where it exists, as raw REST.
import { toGlobalId } from 'graphql-relay';
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../src/contract/page-sizes.ts';
import { ACCESS_KEY_COUNT, ACCESS_KEYS_PER_CONFIGURATION, CONFIGURATION_COUNT } from './fixture.ts';

export type Target = 'facade' | 'peer' | 'raw';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface RawRequest {
  method: 'GET';
  path: string;
}

export interface Shape {
  id: string;
  title: string;
  facade: GraphQLRequest;
  peer: GraphQLRequest;
  /**
   * A second peer request, built from the first one's `data`, when the generated schema cannot
   * express the shape in one request; one answer is then both requests, one after the other.
   */
  peerThen?: (data: any) => GraphQLRequest;
  /** How the peer expresses the shape, when it differs from the facade's query. */
  peerNote?: string;
  raw?: RawRequest;
  /** Distinct upstream resources one query needs: the facade must not make more requests than this. */
  distinctResources: number;
  /** Upstream requests of the peer's answer, when it differs from `distinctResources` (a resource may come inline). */
  peerRequests?: number;
  /**
   * Upstream requests the facade makes for one query: fewer than `distinctResources` where a
   * batch of lookups is answered by one list page (src/loaders.ts, LIST_LOOKUP_MIN_IDS).
   */
  facadeRequests: number;
  /** Throws when a response's `data` is not what the shape asks for (the bench must not measure errors). */
  check(target: Target, data: any): void;
}

/** Upstream ids the shapes refer to, read from the upstream's REST API before the run. */
export interface Fixture {
  /** Provider key REST ids, newest first. */
  providerKeyIds: string[];
  /** Distinct provider key ids used by the routers of the newest 20 configurations, in order of first use. */
  routerKeyIds: string[];
  /** The window shape 5 reads (explicit ends, so every query is the same upstream request), and what it holds. */
  usage: { startTime: string; endTime: string; events: number; accessKeyIds: string[]; configurations: number };
}

/** Reads the fixture through the REST contract, so it works against any upstream serving it. */
export async function discoverFixture(upstreamUrl: string, token: string): Promise<Fixture> {
  const get = async (path: string) => {
    const response = await fetch(`${upstreamUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as any;
  };
  const keys = await get('/provider-keys?limit=100');
  const configurations = await get('/access-key-configurations?limit=20');
  const providerKeyIds: string[] = keys.aiGatewayProviderKeys.map((key: { id: string }) => key.id);
  const routerKeyIds = routerKeyIdsOf(configurations.aiGatewayAccessKeyConfigurations);
  if (providerKeyIds.length < 21) throw new Error(`the bench account needs at least 21 provider keys, it has ${providerKeyIds.length}`);
  if (configurations.aiGatewayAccessKeyConfigurations.length < 20 || routerKeyIds.length === 0) {
    throw new Error('the bench account needs 20 configurations whose routers use stored provider keys');
  }
  const startTime = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const endTime = new Date(Date.now() + 86_400_000).toISOString();
  const usage = await get(`/usage?startTime=${startTime}&endTime=${endTime}&limit=100`);
  const events: { accessKeyId: string }[] = usage.aiGatewayUsage;
  if (events.length !== 100 || usage.nextPageUri) throw new Error('the bench account needs exactly 100 usage events');
  const accessKeyIds = [...new Set(events.map((event) => event.accessKeyId))];
  const linked = await Promise.all(accessKeyIds.map((id) => get(`/access-keys/${id}`)));
  const linkedConfigurations = new Set(linked.map((key) => key.accessKeyConfiguration?.id).filter(Boolean)).size;
  return {
    providerKeyIds,
    routerKeyIds,
    usage: { startTime, endTime, events: events.length, accessKeyIds, configurations: linkedConfigurations },
  };
}

/** The value shape 4 writes; constant, so every request of the run sends the same body. */
export const RENAMED = 'bench key (renamed)';

const LOOKUPS = 10;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export interface ShapeOptions {
  /**
   * How the peer expresses shape 3. `two-requests` (default): what a client of the generated
   * schema has to do, the list first and then one aliased lookup per distinct router key id it
   * found. `one-request`: the list and the lookups in one request, with the ids handed to the
   * peer in advance (a lower bound on the peer's cost that no real client can reach).
   */
  peerNPlusOne?: 'two-requests' | 'one-request';
  /**
   * The facade's query for shape 5. `joined` (default): the shape. The others measure how far
   * the join can shrink: `events-only` is the usage page without the join, `events-and-keys` the
   * usage page and, beside it, the 6 access keys looked up by id (what the join must read from
   * the upstream, without the per-event work).
   */
  usageFacade?: UsageFacade;
}

export const USAGE_FACADES = ['joined', 'events-only', 'events-and-keys'] as const;
export type UsageFacade = (typeof USAGE_FACADES)[number];

/** The facade's query for shape 5 (see ShapeOptions.usageFacade). */
function usageFacadeQuery(usageFacade: UsageFacade, window: string, accessKeyIds: string[]): string {
  const events = `usageEvents(${window}, first: 100) { nodes { eventId cost { total }`;
  if (usageFacade === 'joined') return `query Usage { ${events} accessKey { name configuration { name } } } } }`;
  if (usageFacade === 'events-only') return `query Usage { ${events} } } }`;
  const ids = JSON.stringify(accessKeyIds.map((id) => toGlobalId('AccessKey', id)));
  return `query Usage { ${events} } } nodes(ids: ${ids}) { ... on AccessKey { name configuration { name } } } }`;
}

/** One aliased lookup per distinct id, in order: the peer's way to fetch provider keys by id. */
function peerKeyLookups(ids: string[]): string {
  return ids
    .map(
      (id, i) =>
        `p${i}: GetAIGatewayProviderAPIKey(id: ${JSON.stringify(id)}) { ... on AIGatewayProviderAPIKeyDetail { id name providerId } }`,
    )
    .join(' ');
}

/** Distinct router key ids of a list of configurations, in order of first use. */
function routerKeyIdsOf(configurations: any[]): string[] {
  return [
    ...new Set<string>(
      configurations.flatMap((configuration: any) =>
        (configuration.router?.rules ?? []).flatMap((rule: any) =>
          rule.steps.flatMap((step: any) => (step.keys ?? []).map((key: { id: string }) => key.id)),
        ),
      ),
    ),
  ];
}

export function buildShapes(fixture: Fixture, options: ShapeOptions = {}): Shape[] {
  const { providerKeyIds, routerKeyIds } = fixture;
  const aliased = providerKeyIds[0]!;
  const tenIds = providerKeyIds.slice(0, LOOKUPS);
  const renamed = providerKeyIds.at(-1)!;

  const keyFields = 'id name providerId keyRedacted createdAt lastUsed';
  const shape1: Shape = {
    id: 'list',
    title: '1. list 20 provider keys, 6 fields',
    facade: { query: `query ListKeys { providerKeys(first: 20) { nodes { ${keyFields} } } }` },
    peer: {
      query: `query ListKeys { ListAIGatewayProviderAPIKeys(limit: 20) { ... on AIGatewayProviderAPIKeyList { aiGatewayProviderKeys { ${keyFields} } } } }`,
    },
    raw: { method: 'GET', path: '/provider-keys?limit=20' },
    distinctResources: 1,
    facadeRequests: 1,
    check(target, data) {
      const list = target === 'facade' ? data?.providerKeys?.nodes : data?.ListAIGatewayProviderAPIKeys?.aiGatewayProviderKeys;
      expect(Array.isArray(list) && list.length === 20, 'shape 1: expected 20 provider keys');
      expect(
        list.every((key: any) => typeof key.name === 'string' && typeof key.providerId === 'string'),
        'shape 1: incomplete key',
      );
    },
  };

  const aliases = (field: string) =>
    range(LOOKUPS)
      .map((i) => `k${i}: ${field}`)
      .join(' ');
  const shape2: Shape = {
    id: 'lookups',
    title: '2. 10 aliased lookups of one key + nodes(ids:) with 10 ids',
    facade: {
      query: `query Lookups($id: ID!, $ids: [ID!]!) { ${aliases('providerKey(id: $id) { id name providerId }')} nodes(ids: $ids) { id ... on ProviderKey { name providerId } } }`,
      variables: { id: toGlobalId('ProviderKey', aliased), ids: tenIds.map((id) => toGlobalId('ProviderKey', id)) },
    },
    peer: {
      // No node/nodes in the generated schema: ten more aliased lookups stand in for nodes(ids:).
      query: `query Lookups($id: String!, ${range(LOOKUPS)
        .map((i) => `$n${i}: String!`)
        .join(', ')}) { ${aliases(
        'GetAIGatewayProviderAPIKey(id: $id) { ... on AIGatewayProviderAPIKeyDetail { id name providerId } }',
      )} ${range(LOOKUPS)
        .map((i) => `n${i}: GetAIGatewayProviderAPIKey(id: $n${i}) { ... on AIGatewayProviderAPIKeyDetail { id name providerId } }`)
        .join(' ')} }`,
      variables: { id: aliased, ...Object.fromEntries(tenIds.map((id, i) => [`n${i}`, id])) },
    },
    peerNote: 'no `nodes`: 10 more aliased `GetAIGatewayProviderAPIKey` lookups with the 10 ids',
    // The ten nodes include the aliased key: ten distinct provider keys in all.
    distinctResources: new Set([aliased, ...tenIds]).size,
    // One batch of ten ids: the newest provider-key page holds them all.
    facadeRequests: 1,
    check(target, data) {
      for (const i of range(LOOKUPS)) expect(data?.[`k${i}`]?.name, `shape 2: alias k${i} is empty`);
      const nodes = target === 'facade' ? data?.nodes : range(LOOKUPS).map((i) => data?.[`n${i}`]);
      expect(Array.isArray(nodes) && nodes.length === LOOKUPS && nodes.every((node: any) => node?.name), 'shape 2: nodes incomplete');
    },
  };

  const listConfigurations = (keyFields: string) =>
    `ListAIGatewayAccessKeyConfigurations(limit: 20) { ... on AIGatewayAccessKeyConfigurationList { aiGatewayAccessKeyConfigurations { id name router { rules { provider steps { type keys { ${keyFields} } } } } } } }`;
  const twoRequests = (options.peerNPlusOne ?? 'two-requests') === 'two-requests';
  const shape3: Shape = {
    id: 'n+1',
    title: "3. 20 configurations with their router keys' providerKey (N+1)",
    facade: {
      query: `query Configurations { accessKeyConfigurations(first: 20) { nodes { id name router { rules { provider steps { type keys { name providerKey { name providerId } } } } } } } }`,
    },
    // No link from a router key to its provider key in the generated schema: the list with the
    // keys' ids, then one aliased lookup per distinct id.
    ...(twoRequests
      ? {
          peer: { query: `query Configurations { ${listConfigurations('id name')} }` },
          peerThen: (data: any) => ({
            query: `query ProviderKeys { ${peerKeyLookups(routerKeyIdsOf(data.ListAIGatewayAccessKeyConfigurations.aiGatewayAccessKeyConfigurations))} }`,
          }),
          peerNote: `two requests per answer, one after the other: the list with the router keys' ids, then one aliased \`GetAIGatewayProviderAPIKey\` lookup per distinct id found (${routerKeyIds.length})`,
        }
      : {
          peer: { query: `query Configurations { ${listConfigurations('id name')} ${peerKeyLookups(routerKeyIds)} }` },
          peerNote: `one request: the list and ${routerKeyIds.length} aliased \`GetAIGatewayProviderAPIKey\` lookups of the distinct ids, which the peer is handed in advance (a lower bound: a real client needs a first round trip to learn them)`,
        }),
    distinctResources: 1 + routerKeyIds.length,
    // The configuration list, then one provider-key page for all the router keys.
    facadeRequests: 2,
    check(target, data) {
      const list =
        target === 'facade'
          ? data?.accessKeyConfigurations?.nodes
          : data?.ListAIGatewayAccessKeyConfigurations?.aiGatewayAccessKeyConfigurations;
      expect(Array.isArray(list) && list.length === 20, 'shape 3: expected 20 configurations');
      const entries = list.flatMap((configuration: any) =>
        configuration.router.rules.flatMap((rule: any) => rule.steps.flatMap((step: any) => step.keys ?? [])),
      );
      expect(entries.length > 0, 'shape 3: no router keys');
      if (target === 'facade') {
        expect(
          entries.every((entry: any) => entry.providerKey?.name),
          'shape 3: a router key has no providerKey',
        );
      } else {
        const found = new Set(
          Object.keys(data)
            .filter((key) => /^p\d+$/.test(key))
            .map((key) => data[key]?.id),
        );
        expect(
          entries.every((entry: any) => found.has(entry.id)),
          'shape 3: a router key was not looked up',
        );
      }
    },
  };

  const shape4: Shape = {
    id: 'mutation',
    title: '4. mutation updateProviderKey',
    facade: {
      query: `mutation Rename($input: UpdateProviderKeyInput!) { updateProviderKey(input: $input) { providerKey { id name description } } }`,
      variables: { input: { id: toGlobalId('ProviderKey', renamed), name: RENAMED, description: 'renamed by the benchmark' } },
    },
    peer: {
      query: `mutation Rename($id: String!, $input: AIGatewayProviderAPIKeyUpdate_Input) { UpdateAIGatewayProviderAPIKey(id: $id, input: $input) { ... on AIGatewayProviderAPIKeyDetail { id name description } } }`,
      variables: { id: renamed, input: { name: RENAMED, description: 'renamed by the benchmark' } },
    },
    distinctResources: 1,
    facadeRequests: 1,
    check(target, data) {
      const key = target === 'facade' ? data?.updateProviderKey?.providerKey : data?.UpdateAIGatewayProviderAPIKey;
      expect(key?.name === RENAMED, 'shape 4: the key was not renamed');
    },
  };

  const { usage } = fixture;
  const usageFacade = options.usageFacade ?? 'joined';
  const window = `startTime: ${JSON.stringify(usage.startTime)}, endTime: ${JSON.stringify(usage.endTime)}`;
  const shape5: Shape = {
    id: 'usage',
    title: `5. 100 usage events with their access key's name and configuration name${usageFacade === 'joined' ? '' : ` (facade: ${usageFacade})`}`,
    facade: { query: usageFacadeQuery(usageFacade, window, usage.accessKeyIds) },
    // The generated schema has no link from an event to its access key: the usage page with the
    // events' access key ids, then one aliased lookup per distinct id (each carries its
    // configuration's name inline, so the peer needs no third request).
    peer: {
      query: `query Usage { ListAIGatewayUsage(${window}, limit: 100) { ... on AIGatewayUsageList { aiGatewayUsage { id totalCost accessKeyId } } } }`,
    },
    peerThen: (data: any) => {
      const ids = [...new Set<string>(data.ListAIGatewayUsage.aiGatewayUsage.map((event: any) => event.accessKeyId))];
      return {
        query: `query AccessKeys { ${ids
          .map(
            (id, i) =>
              `a${i}: GetAIGatewayAccessKey(id: ${JSON.stringify(id)}) { ... on AIGatewayAccessKey { id name accessKeyConfiguration { name } } }`,
          )
          .join(' ')} }`,
      };
    },
    peerNote: `two requests per answer, one after the other: the usage page with the events' access key ids, then one aliased \`GetAIGatewayAccessKey\` lookup per distinct id (${usage.accessKeyIds.length}), whose answer carries the configuration name`,
    distinctResources: 1 + usage.accessKeyIds.length + usage.configurations,
    peerRequests: 1 + usage.accessKeyIds.length,
    // The usage page and one access-key list page; each key carries its configuration's name.
    facadeRequests: usageFacade === 'events-only' ? 1 : 2,
    check(target, data) {
      if (target === 'facade') {
        const events = data?.usageEvents?.nodes;
        expect(Array.isArray(events) && events.length === usage.events, 'shape 5: expected 100 events');
        if (usageFacade === 'events-only') return;
        if (usageFacade === 'events-and-keys') {
          const keys = data?.nodes;
          expect(
            Array.isArray(keys) && keys.length === usage.accessKeyIds.length && keys.every((key: any) => key?.configuration?.name),
            'shape 5: an access key or its configuration name is missing',
          );
          return;
        }
        expect(
          events.every(
            (event: any) => typeof event.cost?.total === 'string' && event.accessKey?.name && event.accessKey.configuration?.name,
          ),
          'shape 5: an event lacks its cost, access key or configuration name',
        );
        return;
      }
      const events = data?.ListAIGatewayUsage?.aiGatewayUsage;
      expect(Array.isArray(events) && events.length === usage.events, 'shape 5: expected 100 events');
      const keys = Object.keys(data)
        .filter((key) => /^a\d+$/.test(key))
        .map((key) => data[key]);
      const named = new Map(keys.map((key: any) => [key?.id, key]));
      expect(
        events.every((event: any) => named.get(event.accessKeyId)?.accessKeyConfiguration?.name),
        "shape 5: an event's access key or configuration was not looked up",
      );
    },
  };

  const CONFIGURATIONS = 20;
  const KEYS_PER_CONFIGURATION = 5;
  const shape6: Shape = {
    id: 'keys',
    title: '6. 20 configurations with accessKeyCount and their first 5 access keys',
    facade: {
      query: `query ConfigurationKeys { accessKeyConfigurations(first: ${CONFIGURATIONS}) { nodes { id name accessKeyCount accessKeys(first: ${KEYS_PER_CONFIGURATION}) { nodes { id name } pageInfo { hasNextPage } } } } }`,
    },
    // The generated schema has no link from a configuration to its keys: the list with the
    // configurations' ids, then one aliased filtered key list per configuration.
    peer: {
      query: `query ConfigurationKeys { ListAIGatewayAccessKeyConfigurations(limit: ${CONFIGURATIONS}) { ... on AIGatewayAccessKeyConfigurationList { aiGatewayAccessKeyConfigurations { id name accessKeyCount } } } }`,
    },
    peerThen: (data: any) => ({
      query: `query AccessKeys { ${data.ListAIGatewayAccessKeyConfigurations.aiGatewayAccessKeyConfigurations
        .map(
          (configuration: { id: string }, i: number) =>
            `c${i}: ListAIGatewayAccessKeys(accessKeyConfigurationId: ${JSON.stringify(configuration.id)}, limit: ${KEYS_PER_CONFIGURATION}) { ... on AIGatewayAccessKeyList { aiGatewayAccessKeys { id name } nextPageUri } }`,
        )
        .join(' ')} }`,
    }),
    peerNote: `two requests per answer, one after the other: the configuration list, then one aliased \`ListAIGatewayAccessKeys(accessKeyConfigurationId:)\` per configuration (${CONFIGURATIONS})`,
    // One configuration list and one filtered key list per configuration.
    distinctResources: 1 + CONFIGURATIONS,
    // The configuration list and the pages of all access keys, which hold every configuration's
    // first keys: the account's 150 keys fit in two (src/data-loaders.ts, configurationKeysFirst).
    facadeRequests: 1 + Math.ceil((CONFIGURATION_COUNT * ACCESS_KEYS_PER_CONFIGURATION + ACCESS_KEY_COUNT) / AI_GATEWAY_MAX_PAGE_SIZE),
    check(target, data) {
      const list =
        target === 'facade'
          ? data?.accessKeyConfigurations?.nodes
          : data?.ListAIGatewayAccessKeyConfigurations?.aiGatewayAccessKeyConfigurations;
      expect(Array.isArray(list) && list.length === CONFIGURATIONS, 'shape 6: expected 20 configurations');
      expect(
        list.every((configuration: any) => configuration.accessKeyCount > KEYS_PER_CONFIGURATION),
        'shape 6: a configuration without its access key count',
      );
      const keyLists =
        target === 'facade'
          ? list.map((configuration: any) => configuration.accessKeys.nodes)
          : list.map((_configuration: any, i: number) => data?.[`c${i}`]?.aiGatewayAccessKeys);
      expect(
        keyLists.every((keys: any) => Array.isArray(keys) && keys.length === KEYS_PER_CONFIGURATION),
        'shape 6: a configuration without its first 5 access keys',
      );
    },
  };

  return [shape1, shape2, shape3, shape4, shape5, shape6];
}

/** Throws unless the response is a 200 with data and no errors; returns its `data`. */
export function graphqlData(shape: Shape, target: Target, status: number, text: string): any {
  if (status !== 200) throw new Error(`${target} ${shape.id}: HTTP ${status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text);
  if (body.errors?.length) throw new Error(`${target} ${shape.id}: errors: ${JSON.stringify(body.errors).slice(0, 800)}`);
  if (body.data == null) throw new Error(`${target} ${shape.id}: no data`);
  return body.data;
}

/** Parses one GraphQL response and throws unless it is a 200 with data, no errors and the shape's data. */
export function checkGraphQLResponse(shape: Shape, target: Target, status: number, text: string): void {
  shape.check(target, graphqlData(shape, target, status, text));
}

/**
 * Gets one complete answer of `target` for the shape (both requests when the peer needs two)
 * through `send`, and checks every response and the whole answer.
 */
export async function answerOnce(
  shape: Shape,
  target: 'facade' | 'peer',
  send: (request: GraphQLRequest) => Promise<{ status: number; text: string }>,
): Promise<void> {
  const first = await send(shape[target]);
  let data = graphqlData(shape, target, first.status, first.text);
  if (target === 'peer' && shape.peerThen) {
    const second = await send(shape.peerThen(data));
    data = { ...data, ...graphqlData(shape, target, second.status, second.text) };
  }
  shape.check(target, data);
}
