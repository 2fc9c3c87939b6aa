import type { AccessKeyConfiguration, RouterStepKey, RouterWrite } from '../upstream/ai-gateway.ts';
import { badUserInput } from '../errors.ts';
import { builder } from './builder.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { ProviderKeyRef } from './provider-key.ts';
import { batchedCost } from './relay/upstream-cost.ts';
import { checkLength, checkListSize, LIMITS, presentFields } from './relay/input-validation.ts';

type Router = NonNullable<AccessKeyConfiguration['router']>;
type RouterRule = NonNullable<Router['rules']>[number];
type RouterStep = RouterRule['steps'][number];

const MAX_RULES = 100;
const MAX_STEPS = 20;
const MAX_KEYS = 50;

const RouterStepTypeRef = builder.enumType('RouterStepType', {
  description: 'Who supplies the keys of a routing step (upstream values "user" and "ngrok").',
  values: {
    USER: { value: 'user', description: 'Keys the account supplies: stored provider keys or inline secrets.' },
    NGROK: { value: 'ngrok', description: 'Keys that ngrok manages.' },
  } as const,
});

const RouterKeyRef = builder.objectRef<RouterStepKey>('RouterKey').implement({
  description: 'A key used by a routing step, as the upstream reports it.',
  fields: (t) => ({
    resourceId: t.string({
      nullable: true,
      description: 'The REST identifier of the stored provider key, when the entry refers to one.',
      resolve: (key) => key.id ?? null,
    }),
    name: t.string({ nullable: true, resolve: (key) => key.name ?? null }),
    keyRedacted: t.string({ nullable: true, resolve: (key) => key.keyRedacted ?? null }),
    providerKey: t.field({
      type: ProviderKeyRef,
      nullable: true,
      extensions: batchedCost(),
      description: 'The stored provider key this entry refers to, loaded in batches; null when it has none or it no longer exists.',
      resolve: (key, _args, context) => (key.id ? context.loaders.providerKey.read(key.id) : null),
    }),
  }),
});

const RouterStepRef = builder.objectRef<RouterStep>('RouterStep').implement({
  fields: (t) => ({
    // Unknown upstream values become null rather than failing the whole configuration.
    type: t.field({
      type: RouterStepTypeRef,
      nullable: true,
      resolve: (step) => (step.type === 'user' || step.type === 'ngrok' ? step.type : null),
    }),
    keySelectionStrategy: t.string({ nullable: true, resolve: (step) => step.keySelectionStrategy ?? null }),
    keys: t.field({ type: [RouterKeyRef], resolve: (step) => step.keys ?? [] }),
  }),
});

const RouterRuleRef = builder.objectRef<RouterRule>('RouterRule').implement({
  fields: (t) => ({
    provider: t.string({ nullable: true, resolve: (rule) => rule.provider ?? null }),
    model: t.string({ nullable: true, resolve: (rule) => rule.model ?? null }),
    steps: t.field({ type: [RouterStepRef], resolve: (rule) => rule.steps ?? [] }),
  }),
});

export const RouterRef = builder.objectRef<Router>('Router').implement({
  fields: (t) => ({
    rules: t.field({ type: [RouterRuleRef], resolve: (router) => router.rules ?? [] }),
  }),
});

const RouterKeyInput = builder.inputType('RouterKeyInput', {
  description: 'Either `providerKeyId`, or `name` and `value` to store a new key inline.',
  fields: (t) => ({
    providerKeyId: t.id({ description: 'Global ID of a stored ProviderKey to use.' }),
    name: t.string(),
    value: t.string({ description: 'A provider secret given inline. Write-only: it is never returned or logged.' }),
  }),
});

const RouterStepInput = builder.inputType('RouterStepInput', {
  fields: (t) => ({
    type: t.field({ type: RouterStepTypeRef, description: 'When omitted: USER if the step lists keys, otherwise NGROK.' }),
    keySelectionStrategy: t.string(),
    keys: t.field({ type: [RouterKeyInput] }),
  }),
});

const RouterRuleInput = builder.inputType('RouterRuleInput', {
  fields: (t) => ({
    provider: t.string(),
    model: t.string(),
    steps: t.field({ type: [RouterStepInput], required: true }),
  }),
});

export const RouterInput = builder.inputType('RouterInput', {
  fields: (t) => ({
    rules: t.field({ type: [RouterRuleInput], required: true }),
  }),
});

type RouterKeyInputShape = { providerKeyId?: string | null; name?: string | null; value?: string | null };
type RouterStepInputShape = {
  type?: 'user' | 'ngrok' | null;
  keySelectionStrategy?: string | null;
  keys?: RouterKeyInputShape[] | null;
};
type RouterInputShape = {
  rules: { provider?: string | null; model?: string | null; steps: RouterStepInputShape[] }[];
};

/**
 * Maps the input to the upstream's write shape. Omitted fields stay omitted and explicit
 * nulls stay null at every level; keys become `{id}` or `{name, value}`; every step gets
 * the `type` the upstream requires. Throws BAD_USER_INPUT before any upstream call.
 */
export function routerBody(input: RouterInputShape | null): RouterWrite | null {
  if (input === null) return null;
  checkListSize('router.rules', input.rules, MAX_RULES);
  return {
    rules: input.rules.map((rule, r) => {
      checkLength(`router.rules[${r}].provider`, rule.provider, LIMITS.shortString);
      checkLength(`router.rules[${r}].model`, rule.model, LIMITS.shortString);
      checkListSize(`router.rules[${r}].steps`, rule.steps, MAX_STEPS);
      if (rule.steps.length === 0) throw badUserInput(`"router.rules[${r}].steps" needs at least one step.`);
      return {
        ...presentFields(rule, ['provider', 'model']),
        steps: rule.steps.map((step, s) => stepBody(step, `router.rules[${r}].steps[${s}]`)),
      };
    }),
  };
}

function stepBody(step: RouterStepInputShape, path: string) {
  checkLength(`${path}.keySelectionStrategy`, step.keySelectionStrategy, LIMITS.shortString);
  checkListSize(`${path}.keys`, step.keys, MAX_KEYS);
  const keys = step.keys?.map((key, k) => keyBody(key, `${path}.keys[${k}]`));
  const type = step.type ?? (keys && keys.length > 0 ? 'user' : 'ngrok');
  return {
    type,
    // Passed through as given: the upstream owns the set of strategies (today only "ordered").
    ...(presentFields(step, ['keySelectionStrategy']) as { keySelectionStrategy?: 'ordered' | null }),
    ...(step.keys === undefined ? {} : { keys: keys ?? null }),
  };
}

function keyBody(key: RouterKeyInputShape, path: string): { id: string } | { name: string; value: string } {
  const byId = key.providerKeyId != null;
  const inline = key.name != null || key.value != null;
  if (byId && !inline) {
    return { id: decodeGlobalId(key.providerKeyId as string, ['ProviderKey']).id };
  }
  if (!byId && key.name != null && key.value != null) {
    checkLength(`${path}.name`, key.name, LIMITS.name);
    checkLength(`${path}.value`, key.value, LIMITS.secret);
    return { name: key.name, value: key.value };
  }
  throw badUserInput(`"${path}" needs either "providerKeyId" alone, or both "name" and "value".`, { field: path });
}
