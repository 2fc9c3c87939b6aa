import { createHash } from 'node:crypto';
import { GatewayError } from '../errors.ts';
import type { CatalogModel } from '../upstream/ai-gateway.ts';
import { builder } from './builder.ts';
import { ProviderRef } from './provider.ts';
import { paginate, WHOLE_LIST_PAGE_SIZE, wholeListSource } from './relay/connection.ts';
import { checkLength, LIMITS } from './relay/input-validation.ts';
import { connectionCost, sharedReadCost } from './relay/upstream-cost.ts';

// The model catalog (GET /v1/models): every model the account can call, built-in and from its
// custom providers. The upstream answers the whole list at once, in snake_case; the graph pages
// it like every other list and speaks camelCase.

/** One offering, with whether its model is built in (the upstream says so on the model only). */
type Offering = CatalogModel['providers'][number] & { builtIn: boolean };
type Rate = CatalogModel['providers'][number]['pricing']['rates'][number];
/** A rate with the currency of the pricing it belongs to. */
type Price = Rate & { currency: string };

/** Unix seconds as the DateTime scalar's ISO string; null when absent. */
function unixSeconds(seconds: number | undefined): string | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null;
}

const ModelPriceConditionsRef = builder.objectRef<NonNullable<Rate['conditions']>>('ModelPriceConditions').implement({
  fields: (t) => ({
    ttl: t.string({ nullable: true, description: 'Cache lifetime such as 5m or 1h.', resolve: (c) => c.ttl ?? null }),
    minInputTokens: t.int({ nullable: true, resolve: (c) => c.min_input_tokens ?? null }),
    maxInputTokens: t.int({ nullable: true, resolve: (c) => c.max_input_tokens ?? null }),
    quality: t.string({ nullable: true, resolve: (c) => c.quality ?? null }),
    resolution: t.string({ nullable: true, resolve: (c) => c.resolution ?? null }),
    serviceTier: t.string({ nullable: true, resolve: (c) => c.service_tier ?? null }),
  }),
});

const ModelPriceRef = builder.objectRef<Price>('ModelPrice').implement({
  fields: (t) => ({
    type: t.exposeString('type', { description: 'Billing type as the upstream names it, e.g. prompt, completion, input_cache_write.' }),
    unit: t.exposeString('unit', { description: 'Billing unit, e.g. token, request, image, second.' }),
    price: t.string({
      description: 'The price per unit as an exact decimal string in `currency`, as the upstream writes it.',
      // A number would already have lost digits in JSON parsing: refuse it rather than pass on a float.
      resolve: (rate) => {
        if (typeof rate.price !== 'string')
          throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a price that is not a decimal string.');
        return rate.price;
      },
    }),
    currency: t.exposeString('currency'),
    conditions: t.field({
      type: ModelPriceConditionsRef,
      nullable: true,
      description: 'When this rate applies (tiers by prompt size, cache lifetime, quality, ...); null when always.',
      resolve: (rate) => (rate.conditions && Object.keys(rate.conditions).length > 0 ? rate.conditions : null),
    }),
  }),
});

const ModelOfferingRef = builder.objectRef<Offering>('ModelOffering').implement({
  fields: (t) => ({
    modelId: t.string({
      description: 'The provider-qualified model ID used in access allow lists and routing rules (upstream model_id).',
      resolve: (o) => o.model_id,
    }),
    providerId: t.string({ description: "The provider's slug, e.g. openai, or a custom provider's providerId.", resolve: (o) => o.id }),
    displayName: t.string({ resolve: (o) => o.display_name }),
    status: t.string({ description: 'active or inactive.', resolve: (o) => o.status }),
    contextLength: t.int({
      nullable: true,
      description: 'Null when unknown (the upstream writes 0).',
      resolve: (o) => o.context_length || null,
    }),
    maxCompletionTokens: t.int({ nullable: true, resolve: (o) => o.max_completion_tokens ?? null }),
    prices: t.field({
      type: [ModelPriceRef],
      resolve: (o) => (o.pricing?.rates ?? []).map((rate) => ({ ...rate, currency: o.pricing.currency })),
    }),
    provider: t.field({
      type: ProviderRef,
      nullable: true,
      extensions: sharedReadCost(),
      description:
        "The account's custom provider behind this offering; null for built-in providers. All offerings of a request share one read of the provider list.",
      // Built-in offerings never name a custom provider: no request for them.
      resolve: (o, _args, context) => (o.builtIn ? null : context.loaders.providerBySlug.read(o.id)),
    }),
  }),
});

const ModelRef = builder.objectRef<CatalogModel>('Model').implement({
  description: 'A model the account can call through the AI Gateway.',
  fields: (t) => ({
    modelId: t.string({ description: "The model's ID as clients send it, e.g. gpt-4o.", resolve: (m) => m.id }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    description: t.string({ nullable: true, resolve: (m) => m.description ?? null }),
    builtIn: t.boolean({
      description: "True for the built-in catalog (owned_by ngrok), false for the account's custom-provider models.",
      resolve: isBuiltIn,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => unixSeconds(m.created) ?? badTimestamp() }),
    releasedAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => unixSeconds(m.released) }),
    inputModalities: t.stringList({ resolve: (m) => m.architecture?.input_modalities ?? [] }),
    outputModalities: t.stringList({ resolve: (m) => m.architecture?.output_modalities ?? [] }),
    offerings: t.field({
      type: [ModelOfferingRef],
      description: 'Where the model can be served, one entry per provider.',
      resolve: (m) => (m.providers ?? []).map((offering) => ({ ...offering, builtIn: isBuiltIn(m) })),
    }),
  }),
});

function isBuiltIn(model: CatalogModel): boolean {
  return model.owned_by === 'ngrok';
}

function badTimestamp(): never {
  throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a model without a creation time.');
}

/**
 * Offsets into a list cut by `provider` mean nothing in another cut: each filter has its own
 * cursors. The slug is hashed so that a long one still makes a cursor of bounded length.
 */
function cursorKind(provider: string | undefined): string {
  return provider === undefined ? 'Model' : `Model.${createHash('sha256').update(provider).digest('base64url').slice(0, 16)}`;
}

builder.queryField('models', (t) =>
  t.field({
    type: builder.connectionObject({ type: ModelRef, name: 'ModelConnection' }),
    // The catalog is one unpaged upstream list, read once per request whatever `first` is.
    extensions: connectionCost(WHOLE_LIST_PAGE_SIZE),
    description:
      'The models the account can use: the built-in catalog, then the models of its custom providers. `provider` keeps only models offered by that provider slug. Cursors are positions in the list: when models are added or removed between two pages, the next page can skip or repeat one.',
    args: {
      first: t.arg.int({ description: 'How many models (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page with the same `provider`.' }),
      provider: t.arg.string({ description: 'A provider slug such as openai, or a custom providerId.' }),
    },
    resolve: (_root, args, context) => {
      checkLength('provider', args.provider, LIMITS.shortString);
      const provider = args.provider ?? undefined;
      const source = wholeListSource(cursorKind(provider), async () => {
        const catalog = await context.loaders.modelCatalog.load('catalog');
        return provider === undefined ? catalog : catalog.filter((model) => (model.providers ?? []).some((o) => o.id === provider));
      });
      return paginate(source, args);
    },
  }),
);
