// The AI Gateway simulator object: accounts by token, on top of the shared HTTP server.
import { SimError, SimHttpServer } from '../http.ts';
import { IdGenerator } from '../ids.ts';
import { SimulatorBase } from '../base.ts';
import { FRESH_ACCOUNT_PREFIX } from '../fresh-accounts.ts';
import type { StartOptions } from '../types.ts';
import { apiKeysOf } from './api-keys.ts';
import { aiGatewayApi } from './routes.ts';
import { DEMO_API_KEY_ID, DEMO_TOKEN, seedAiGatewayDemo } from './seed.ts';
import { AiGatewayAccount } from './store.ts';

export class AiGatewaySimulator extends SimulatorBase<AiGatewayAccount> {
  protected readonly http: SimHttpServer<AiGatewayAccount>;
  private readonly accounts = new Map<string, AiGatewayAccount>();
  private ids = new IdGenerator();
  private readonly seedDemo: boolean;

  constructor(opts: StartOptions = {}) {
    super();
    this.seedDemo = opts.seedDemo ?? true;
    this.http = new SimHttpServer({
      api: aiGatewayApi({ baseUrl: () => this.http.url, accountFor: (t) => this.accountFor(t) }),
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      basePath: '',
      onReset: () => this.reset(),
    });
    this.reset();
  }

  /**
   * The account a token opens over HTTP: the one any of whose API keys it is (`demo`, an account
   * made by account(), or a key created through /api-keys), or a new empty one for a token
   * starting with FRESH_ACCOUNT_PREFIX; undefined (HTTP 401) otherwise. A deleted key's token is
   * refused with 401 too.
   */
  accountFor(token: string): AiGatewayAccount | undefined {
    for (const account of this.accounts.values()) {
      const state = apiKeysOf(account).tokenState(token);
      if (state === 'revoked') throw new SimError(401, 'The API key was deleted.');
      if (state === 'active') return account;
    }
    return token.startsWith(FRESH_ACCOUNT_PREFIX) ? this.account(token) : undefined;
  }

  /** The account behind a token, created empty on first use whatever the token: seed it directly in tests. */
  account(token: string): AiGatewayAccount {
    let acc = this.accounts.get(token);
    if (!acc) {
      const apiKeyId = token === DEMO_TOKEN && this.seedDemo ? DEMO_API_KEY_ID : this.ids.next('aigak_');
      acc = new AiGatewayAccount(token, apiKeyId, this.ids);
      this.accounts.set(token, acc);
      apiKeysOf(acc); // the key the account is opened with exists from now on
    }
    return acc;
  }

  reset(): void {
    this.accounts.clear();
    this.ids = new IdGenerator();
    if (this.seedDemo) seedAiGatewayDemo(this.account(DEMO_TOKEN));
  }
}
