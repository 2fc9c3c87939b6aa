// The OpenRouter simulator object: accounts by management key, on top of the shared HTTP server.
import { SimHttpServer } from '../http.ts';
import { SimulatorBase } from '../base.ts';
import { FRESH_ACCOUNT_PREFIX } from '../fresh-accounts.ts';
import type { StartOptions } from '../types.ts';
import { BASE_PATH, openRouterApi, type OpenRouterCaller } from './routes.ts';
import { DEMO_KEY, DEMO_USER_ID, DEMO_WORKSPACE_ID, seedOpenRouterDemo } from './seed.ts';
import { OpenRouterAccount } from './store.ts';

export class OpenRouterSimulator extends SimulatorBase<OpenRouterCaller> {
  protected readonly http: SimHttpServer<OpenRouterCaller>;
  private readonly accounts = new Map<string, OpenRouterAccount>();
  private readonly seedDemo: boolean;

  constructor(opts: StartOptions = {}) {
    super();
    this.seedDemo = opts.seedDemo ?? true;
    this.http = new SimHttpServer({
      api: openRouterApi({ caller: (t) => this.caller(t) }),
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      basePath: BASE_PATH,
      onReset: () => this.reset(),
    });
    this.reset();
  }

  /** The account behind a management key, created empty on first use whatever the key: seed it directly in tests. */
  account(token: string): OpenRouterAccount {
    let acc = this.accounts.get(token);
    if (!acc) {
      const demo = token === DEMO_KEY && this.seedDemo;
      acc = new OpenRouterAccount(token, demo ? { workspaceId: DEMO_WORKSPACE_ID, userId: DEMO_USER_ID } : undefined);
      this.accounts.set(token, acc);
    }
    return acc;
  }

  /**
   * Who a bearer token is over HTTP: the secret of a key created through the API acts as that
   * inference key; a management key opens its account (`demo`, one made by account(), or a new
   * empty one for a key starting with FRESH_ACCOUNT_PREFIX); anything else is undefined (401).
   */
  private caller(token: string): OpenRouterCaller | undefined {
    for (const account of this.accounts.values()) {
      const inferenceKey = account.findBySecret(token);
      if (inferenceKey) return { account, inferenceKey };
    }
    const account = this.accounts.get(token) ?? (token.startsWith(FRESH_ACCOUNT_PREFIX) ? this.account(token) : undefined);
    return account && { account };
  }

  reset(): void {
    this.accounts.clear();
    if (this.seedDemo) seedOpenRouterDemo(this.account(DEMO_KEY));
  }
}
