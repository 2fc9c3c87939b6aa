import { z } from 'zod';

/** Default of LIST_LOOKUP_MIN_IDS: a batch of this many AI Gateway ids reads a list page first. */
export const DEFAULT_LIST_LOOKUP_MIN_IDS = 3;

/** Every setting comes from the environment and is validated once at start-up. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  AI_GATEWAY_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.ngrok.ai'),
  OPENROUTER_API_URL: z.url({ protocol: /^https?$/ }).default('https://openrouter.ai/api/v1'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).default(10_000),
  /** Longest upstream response body accepted (a 100-item page is ~100 KB). */
  UPSTREAM_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1_024).max(1_000_000_000).default(10_000_000),
  UPSTREAM_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
  /** Automatic retries of idempotent upstream reads (GET); writes are never retried. */
  UPSTREAM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Total time a read may spend on retries and Retry-After waits. */
  UPSTREAM_RETRY_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  /** A batch of this many AI Gateway lookups reads one list page first (see src/loaders.ts); 0 = never. */
  LIST_LOOKUP_MIN_IDS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_LIST_LOOKUP_MIN_IDS),
  /** Pre-fills GraphiQL's Authorization header (the demo sets `demo`); never used for upstream calls. */
  GRAPHIQL_DEMO_TOKEN: z
    .string()
    .regex(/^\S{1,256}$/)
    .optional(),
  /** Largest accepted request body; larger bodies get HTTP 413. */
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1_024).max(100_000_000).default(1_000_000),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(15),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(10),
  MAX_TOKENS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  MAX_UPSTREAM_REQUESTS: z.coerce.number().int().min(1).max(100_000).default(250),
  INTROSPECTION: z.stringbool().default(true),
  /** Comma-separated origins allowed to call from a browser; empty allows none (same-origin only). */
  CORS_ORIGINS: z.string().default(''),
  /**
   * After SIGTERM/SIGINT, how long the gateway keeps listening and serving while /readyz answers
   * 503, so that load balancers stop routing to it before it refuses connections.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  /**
   * Then, once the listener is closed, how long in-flight requests may run before connections are
   * cut. With the delay, the default shutdown ends within 8 s: inside the 10 s that `docker stop`
   * and Kubernetes' 30 s grace period give before SIGKILL.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` is for people at a terminal (`npm run demo` uses it); production reads JSON. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Prometheus metrics on GET /metrics. */
  METRICS_ENABLED: z.stringbool().default(true),
  /** Trusted-documents manifest; when set, only the operations it lists run. */
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  // OpenTelemetry tracing, off unless these standard variables ask for it (see tracingConfig).
  OTEL_SDK_DISABLED: z.stringbool().default(false),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/protobuf', 'http/json']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('ai-gateway-graphql'),
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
});

type Env = z.infer<typeof EnvSchema>;

export type TracingConfig = Readonly<{
  exporter: 'otlp' | 'console';
  protocol: 'http/protobuf' | 'http/json';
  /** Full traces URL; undefined lets the exporter use its default (http://localhost:4318/v1/traces). */
  url: string | undefined;
  serviceName: string;
  sampler: Env['OTEL_TRACES_SAMPLER'];
  samplerArg: number | undefined;
}>;

export type Config = Readonly<{
  port: number;
  host: string;
  aiGatewayApiUrl: string;
  openRouterApiUrl: string;
  upstreamTimeoutMs: number;
  upstreamMaxResponseBytes: number;
  upstreamConnections: number;
  upstreamMaxRetries: number;
  upstreamRetryBudgetMs: number;
  listLookupMinIds: number;
  graphiqlDemoToken: string | undefined;
  maxRequestBytes: number;
  limits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxUpstreamRequests: number };
  introspection: boolean;
  corsOrigins: string[];
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
  metricsEnabled: boolean;
  /** Loaded and checked from PERSISTED_OPERATIONS_FILE; undefined means any operation may run. */
  /** PERSISTED_OPERATIONS_FILE; read and checked when the gateway is created (src/persisted-operations.ts). */
  persistedOperationsFile: string | undefined;
  /** Undefined when tracing is off. */
  tracing: TracingConfig | undefined;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * One line that says why a server could not listen and which variable to change, for a
 * start-up failure such as a busy port (EADDRINUSE) instead of a stack trace.
 */
export function listenFailure(error: unknown, host: string, port: number, variables: { host: string; port: string }): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${address}: the address is already in use (EADDRINUSE). Set ${variables.port} to a free port, or stop what listens there.`;
    case 'EACCES':
      return `Cannot listen on ${address}: permission denied (EACCES). Set ${variables.port} to a port above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot listen on ${address}: no such address on this machine (${code}). Set ${variables.host} to one of its addresses, such as 127.0.0.1 or 0.0.0.0.`;
    default:
      return `Cannot listen on ${address}: ${(error as Error | undefined)?.message ?? String(error)}. Check ${variables.host} and ${variables.port}.`;
  }
}

/** Parses the environment (or any record of strings); throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most twelve-factor tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    aiGatewayApiUrl: stripTrailingSlash(e.AI_GATEWAY_API_URL),
    openRouterApiUrl: stripTrailingSlash(e.OPENROUTER_API_URL),
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    upstreamMaxResponseBytes: e.UPSTREAM_MAX_RESPONSE_BYTES,
    upstreamConnections: e.UPSTREAM_CONNECTIONS,
    upstreamMaxRetries: e.UPSTREAM_MAX_RETRIES,
    upstreamRetryBudgetMs: e.UPSTREAM_RETRY_BUDGET_MS,
    listLookupMinIds: e.LIST_LOOKUP_MIN_IDS,
    graphiqlDemoToken: e.GRAPHIQL_DEMO_TOKEN,
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxUpstreamRequests: e.MAX_UPSTREAM_REQUESTS,
    },
    introspection: e.INTROSPECTION,
    corsOrigins: parseOrigins(e.CORS_ORIGINS),
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsEnabled: e.METRICS_ENABLED,
    persistedOperationsFile: e.PERSISTED_OPERATIONS_FILE,
    tracing: tracingConfig(e),
  };
}

/**
 * Tracing is on when OTEL_TRACES_EXPORTER names an exporter, or an OTLP endpoint is set
 * (then the exporter is otlp); OTEL_SDK_DISABLED=true turns it off whatever else is set.
 */
function tracingConfig(e: Env): TracingConfig | undefined {
  if (e.OTEL_SDK_DISABLED) return undefined;
  const url =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${stripTrailingSlash(e.OTEL_EXPORTER_OTLP_ENDPOINT)}/v1/traces` : undefined);
  const exporter = e.OTEL_TRACES_EXPORTER ?? (url ? 'otlp' : 'none');
  if (exporter === 'none') return undefined;
  return {
    exporter,
    protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL,
    url,
    serviceName: e.OTEL_SERVICE_NAME,
    sampler: e.OTEL_TRACES_SAMPLER,
    samplerArg: e.OTEL_TRACES_SAMPLER_ARG,
  };
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function parseOrigins(list: string): string[] {
  const origins = list
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || url.origin !== origin.replace(/\/+$/, '')) {
      throw new ConfigError(`Invalid configuration:\n  CORS_ORIGINS: "${origin}" is not an origin such as https://app.example.com`);
    }
  }
  return origins.map((origin) => origin.replace(/\/+$/, ''));
}
