// The AI Gateway simulator object: accounts by token, on top of the shared HTTP server.
import { SimHttpServer } from '../http.ts';
import { IdGenerator } from '../ids.ts';
import type { Fault, RecordedRequest, SimulatorServer, StartOptions } from '../types.ts';
import { aiGatewayApi } from './routes.ts';
import { DEMO_API_KEY_ID, DEMO_TOKEN, seedAiGatewayDemo } from './seed.ts';
import { AiGatewayAccount } from './store.ts';

export class AiGatewaySimulator implements SimulatorServer {
  private readonly http: SimHttpServer<AiGatewayAccount>;
  private readonly accounts = new Map<string, AiGatewayAccount>();
  private ids = new IdGenerator();
  private readonly seedDemo: boolean;

  constructor(opts: StartOptions = {}) {
    this.seedDemo = opts.seedDemo ?? true;
    this.http = new SimHttpServer({
      api: aiGatewayApi({ baseUrl: () => this.http.url, account: (t) => this.account(t) }),
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      basePath: '',
      onReset: () => this.reset(),
    });
    this.reset();
  }

  get url(): string {
    return this.http.url;
  }

  get port(): number {
    return this.http.port;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** The account behind a token (created empty on first use); seed it directly in tests. */
  account(token: string): AiGatewayAccount {
    let acc = this.accounts.get(token);
    if (!acc) {
      const apiKeyId = token === DEMO_TOKEN && this.seedDemo ? DEMO_API_KEY_ID : this.ids.next('aigak_');
      acc = new AiGatewayAccount(token, apiKeyId, this.ids);
      this.accounts.set(token, acc);
    }
    return acc;
  }

  /** Wipes every account and re-seeds the demo one. */
  reset(): void {
    this.accounts.clear();
    this.ids = new IdGenerator();
    if (this.seedDemo) seedAiGatewayDemo(this.account(DEMO_TOKEN));
  }

  listen(): Promise<void> {
    return this.http.listen();
  }

  clearRequests(): void {
    this.http.clearRequests();
  }

  injectFault(f: Fault): void {
    this.http.injectFault(f);
  }

  clearFaults(): void {
    this.http.clearFaults();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
