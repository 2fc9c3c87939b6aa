import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import type { Provider, ProviderUpdate } from '../upstream/ai-gateway.ts';
import { aiGatewayPage, aiGatewayResourceFieldsWithoutDescription } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { ProviderKeyConnection, providerKeyPage } from './provider-key.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { checkLength, checkListSize, checkNotBlank, LIMITS, presentFields, withoutNulls } from './relay/input-validation.ts';
import { deleteMutation, relayMutation, returnsObject } from './relay/mutation.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { connectionCost } from './relay/upstream-cost.ts';

// Custom providers (/providers): self-hosted or third-party endpoints the account registers,
// with the models they serve. Built-in providers (openai, ...) are not resources here.

type ApiSurface = NonNullable<Provider['supportedApiSurfaces']>[number];
type ProviderModel = NonNullable<Provider['models']>[number];

const BASE_URL_LENGTH = 2048;

const ProviderApiSurfaceRef = builder.objectRef<ApiSurface>('ProviderApiSurface').implement({
  fields: (t) => ({
    format: t.exposeString('format', { description: 'API family, e.g. openai or anthropic.' }),
    surface: t.string({ nullable: true, description: 'e.g. chat-completions, responses, messages.', resolve: (s) => s.surface ?? null }),
    baseUrl: t.string({
      nullable: true,
      description: "Per-surface upstream base URL; null means the provider's baseUrl.",
      resolve: (s) => s.baseUrl ?? null,
    }),
    supportedParams: t.stringList({ resolve: (s) => (s.supportedParams ?? []).map((param) => param.name) }),
  }),
});

const ProviderModelRef = builder.objectRef<ProviderModel>('ProviderModel').implement({
  fields: (t) => ({
    resourceId: t.string({ description: 'The upstream identifier of this model entry.', resolve: (m) => m.id }),
    modelId: t.exposeString('modelId', { description: 'Addressed as <providerId>:<modelId>.' }),
    providerModelId: t.string({
      nullable: true,
      description: 'The upstream model ID when it differs from modelId.',
      resolve: (m) => m.providerModelId ?? null,
    }),
    unsupportedParams: t.stringList({ resolve: (m) => m.unsupportedParams ?? [] }),
  }),
});

export const ProviderRef = builder.objectRef<Provider>('Provider');

builder.node(ProviderRef, {
  description: 'A provider that the account registered itself, such as a self-hosted OpenAI-compatible endpoint.',
  id: { resolve: (provider) => provider.id },
  fields: (t) => ({
    ...aiGatewayResourceFieldsWithoutDescription(t),
    providerId: t.exposeString('providerId', {
      description: 'The slug used in model strings and routing rules, e.g. internal-vllm. Never changes.',
    }),
    name: t.exposeString('name'),
    baseUrl: t.exposeString('baseUrl'),
    supportedApiSurfaces: t.field({ type: [ProviderApiSurfaceRef], resolve: (p) => p.supportedApiSurfaces ?? [] }),
    models: t.field({ type: [ProviderModelRef], resolve: (p) => p.models ?? [] }),
    providerKeys: t.field({
      type: ProviderKeyConnection,
      extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
      description: 'Provider keys stored for this provider, newest first (GET /provider-keys?provider=<providerId>).',
      args: {
        first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
        after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
      },
      resolve: (provider, args, context) => providerKeyPage(context, args, provider.providerId),
    }),
  }),
});

registerNodeType('Provider', (context, id) => context.loaders.provider.load(id));

builder.queryFields((t) => ({
  provider: nodeLookupField(t, ProviderRef, 'Provider', 'A custom provider by global ID; null when it does not exist.'),
  providers: t.field({
    type: builder.connectionObject({ type: ProviderRef, name: 'ProviderConnection' }),
    description: "The account's custom providers, newest first.",
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    args: {
      first: t.arg.int({ description: 'How many providers (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
    },
    resolve: (_root, args, context) => {
      return aiGatewayPage(
        'Provider',
        (beforeId, limit) => context.aiGateway.listProviders({ beforeId, limit }),
        context.loaders.provider,
        args,
      );
    },
  }),
}));

// ---- input: validated here, before any upstream request ----

const ProviderApiSurfaceInput = builder.inputType('ProviderApiSurfaceInput', {
  fields: (t) => ({
    format: t.string({ required: true }),
    surface: t.string(),
    baseUrl: t.string(),
    supportedParams: t.stringList({ description: 'Parameter names.' }),
  }),
});

const ProviderModelInput = builder.inputType('ProviderModelInput', {
  fields: (t) => ({
    modelId: t.string({ required: true }),
    providerModelId: t.string(),
    unsupportedParams: t.stringList(),
  }),
});

type SurfaceInput = { format: string; surface?: string | null; baseUrl?: string | null; supportedParams?: string[] | null };
type ModelInput = { modelId: string; providerModelId?: string | null; unsupportedParams?: string[] | null };

/** A value the upstream needs: not blank, 1 to `max` characters. */
function checkRequired(field: string, value: string, max: number): void {
  checkNotBlank(field, value);
  checkLength(field, value, max);
}

/** https only, except ngrok `.internal` endpoints, which may use http (the upstream's rule). */
function checkBaseUrl(field: string, value: string): void {
  checkRequired(field, value, BASE_URL_LENGTH);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badUserInput(`"${field}" must be an absolute URL.`, { field });
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname.endsWith('.internal'))) return;
  throw badUserInput(`"${field}" must use https (http only for ngrok .internal endpoints).`, { field });
}

function checkNames(field: string, names: readonly string[] | null | undefined): void {
  checkListSize(field, names, LIMITS.listEntries);
  for (const name of names ?? []) checkRequired(field, name, LIMITS.shortString);
}

/** The upstream write shape of the surfaces; nulls inside an entry mean "not given". */
function surfacesBody(surfaces: readonly SurfaceInput[]): ApiSurface[] {
  checkListSize('supportedApiSurfaces', surfaces, LIMITS.listEntries);
  return surfaces.map((surface, i) => {
    const at = `supportedApiSurfaces[${i}]`;
    checkRequired(`${at}.format`, surface.format, LIMITS.shortString);
    checkLength(`${at}.surface`, surface.surface, LIMITS.shortString);
    if (surface.baseUrl != null) checkBaseUrl(`${at}.baseUrl`, surface.baseUrl);
    checkNames(`${at}.supportedParams`, surface.supportedParams);
    const { supportedParams, ...rest } = withoutNulls(surface);
    return { ...rest, format: surface.format, ...(supportedParams && { supportedParams: supportedParams.map((name) => ({ name })) }) };
  });
}

function modelsBody(models: readonly ModelInput[]): { modelId: string; providerModelId?: string; unsupportedParams?: string[] }[] {
  checkListSize('models', models, LIMITS.listEntries);
  const seen = new Set<string>();
  return models.map((model, i) => {
    const at = `models[${i}]`;
    checkRequired(`${at}.modelId`, model.modelId, LIMITS.shortString);
    if (seen.has(model.modelId))
      throw badUserInput(`"${at}.modelId" repeats a modelId; each model is listed once.`, { field: `${at}.modelId` });
    seen.add(model.modelId);
    checkLength(`${at}.providerModelId`, model.providerModelId, LIMITS.shortString);
    checkNames(`${at}.unsupportedParams`, model.unsupportedParams);
    return { ...withoutNulls(model), modelId: model.modelId };
  });
}

type ProviderInput = {
  name?: string | null;
  baseUrl?: string | null;
  metadata?: string | null;
  supportedApiSurfaces?: SurfaceInput[] | null;
  models?: ModelInput[] | null;
};

/**
 * The fields create and update share, validated and mapped: omitted stays omitted, null stays
 * null (create then drops top-level nulls). `name` and `baseUrl` cannot be cleared upstream.
 */
function providerBody(input: ProviderInput): ProviderUpdate {
  for (const field of ['name', 'baseUrl'] as const) {
    if (input[field] === null)
      throw badUserInput(`"${field}" cannot be null: a provider always has one. Leave it out to keep it.`, { field });
  }
  if (input.name != null) checkRequired('name', input.name, LIMITS.name);
  if (input.baseUrl != null) checkBaseUrl('baseUrl', input.baseUrl);
  checkLength('metadata', input.metadata, LIMITS.metadata);
  const given = presentFields(input, ['name', 'baseUrl', 'metadata', 'supportedApiSurfaces', 'models']);
  return {
    ...given,
    ...(given.supportedApiSurfaces && { supportedApiSurfaces: surfacesBody(given.supportedApiSurfaces) }),
    ...(given.models && { models: modelsBody(given.models) }),
  } as ProviderUpdate;
}

/** Keeps this request's later reads (by id and by slug) consistent with a write. */
function remember(context: GatewayContext, provider: Provider): Provider {
  context.loaders.provider.replace(provider.id, provider);
  context.loaders.providerBySlug.replace(provider.providerId, provider);
  return provider;
}

relayMutation('createProvider', {
  description: 'Registers a custom provider (POST). Null fields are the same as leaving them out.',
  inputFields: (t) => ({
    providerId: t.string({
      required: true,
      description: 'The slug for model strings and routing rules; unique, not a catalog provider, never changes.',
    }),
    name: t.string({ required: true }),
    baseUrl: t.string({ required: true, description: 'https, or http for an ngrok .internal endpoint.' }),
    metadata: t.string(),
    supportedApiSurfaces: t.field({ type: [ProviderApiSurfaceInput] }),
    models: t.field({ type: [ProviderModelInput] }),
  }),
  resolve: async (input, context) => {
    checkRequired('providerId', input.providerId, LIMITS.shortString);
    const body = { ...withoutNulls(providerBody(input)), providerId: input.providerId, name: input.name, baseUrl: input.baseUrl };
    return { provider: remember(context, await context.aiGateway.createProvider(body)) };
  },
  payloadFields: returnsObject('provider', ProviderRef),
});

relayMutation('updateProvider', {
  description:
    'Changes a custom provider (PATCH). Omitted fields are kept; null clears `metadata`, `supportedApiSurfaces` and `models`; the two lists, when given, replace the whole list ([] removes every entry). `name` and `baseUrl` cannot be cleared: null is refused.',
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the provider.' }),
    name: t.string(),
    baseUrl: t.string({ description: 'Cannot be cleared: null is refused before any upstream request.' }),
    metadata: t.string(),
    supportedApiSurfaces: t.field({ type: [ProviderApiSurfaceInput], description: 'Replaces the whole list; null clears it.' }),
    models: t.field({ type: [ProviderModelInput], description: 'Replaces the whole set; [] removes every model; omitted keeps them.' }),
  }),
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['Provider']);
    const body = providerBody(input);
    return { provider: remember(context, await context.aiGateway.updateProvider(id, body)) };
  },
  payloadFields: returnsObject('provider', ProviderRef),
});

deleteMutation('Provider', {
  description:
    'Deletes a custom provider and its models (DELETE). Refused with CONFLICT while a provider key or an access key configuration still refers to it; the upstream says which in extensions.upstream.details.',
  remove: (context, id) => context.aiGateway.deleteProvider(id),
  loader: (context) => context.loaders.provider,
});
