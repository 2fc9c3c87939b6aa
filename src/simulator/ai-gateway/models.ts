// The model catalog (GET /v1/models): the built-in models plus the account's custom-provider
// models, in the upstream's unpaged, snake_case envelope.
import type { components } from '../../contract/ai-gateway.ts';
import { BUILT_IN_MODELS } from './catalog-data.ts';
import { type ProviderModelRecord, type ProviderRecord, providersOf } from './providers.ts';
import type { AiGatewayRoutes } from './routing.ts';
import type { AiGatewayAccount } from './store.ts';

type S = components['schemas'];
type FormatName = S['AIGatewayModelSupportedAPIFormat']['name'];

/** Request paths of the surfaces the catalog can describe; other surfaces are left out of it. */
const SURFACE_PATHS: Record<FormatName, string> = {
  'chat-completions': '/v1/chat/completions',
  responses: '/v1/responses',
  messages: '/v1/messages',
};

function isFormatName(surface: string | undefined): surface is FormatName {
  return surface !== undefined && Object.hasOwn(SURFACE_PATHS, surface);
}

/** A custom model's surfaces are its provider's, minus the parameters the model does not support. */
function customFormats(p: ProviderRecord, m: ProviderModelRecord): S['AIGatewayModelSupportedAPIFormat'][] {
  return (p.supportedApiSurfaces ?? []).flatMap((s) =>
    isFormatName(s.surface)
      ? [
          {
            format: s.format,
            name: s.surface,
            path: SURFACE_PATHS[s.surface],
            parameters: (s.supportedParams ?? []).map((param) => param.name).filter((name) => !m.unsupportedParams.includes(name)),
          },
        ]
      : [],
  );
}

function customModel(p: ProviderRecord, m: ProviderModelRecord): S['AIGatewayModel'] {
  return {
    id: m.modelId,
    name: m.modelId,
    created: Math.floor(Date.parse(m.createdAt) / 1000),
    architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'] },
    slug: m.modelId,
    object: 'model',
    owned_by: 'organization_owned',
    providers: [
      {
        model_id: `${p.providerId}:${m.modelId}`,
        id: p.providerId,
        display_name: p.name,
        // Nothing is known about a self-hosted model's limits or prices.
        context_length: 0,
        supports_implicit_caching: false,
        status: 'active',
        pricing: { currency: 'USD', rates: [] },
        supported_api_formats: customFormats(p, m),
      },
    ],
  };
}

export function modelCatalog(account: AiGatewayAccount): S['AIGatewayModelList'] {
  const custom = providersOf(account)
    .list()
    .flatMap((p) => p.models.map((m) => customModel(p, m)));
  return { object: 'list', data: [...BUILT_IN_MODELS, ...custom] };
}

export const modelRoutes: AiGatewayRoutes = () => [
  { path: '/v1/models', methods: { GET: (_req, acc) => ({ status: 200, body: modelCatalog(acc) }) } },
];
