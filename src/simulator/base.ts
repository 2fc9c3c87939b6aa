import type { SimHttpServer } from './http.ts';
import type { Fault, RecordedRequest, SimulatorServer } from './types.ts';

/** What both simulators share: the HTTP server, its request log and its fault queue. */
export abstract class SimulatorBase<Caller> implements SimulatorServer {
  protected abstract readonly http: SimHttpServer<Caller>;

  get url(): string {
    return this.http.url;
  }

  get port(): number {
    return this.http.port;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** Wipes every account and re-seeds the demo one. */
  abstract reset(): void;

  /** Whether this simulator has a route for `method` on `pathname` (full path, base path included). */
  serves(method: string, pathname: string): boolean {
    return this.http.serves(method, pathname);
  }

  listen(): Promise<void> {
    return this.http.listen();
  }

  clearRequests(): void {
    this.http.clearRequests();
  }

  injectFault(fault: Fault): void {
    this.http.injectFault(fault);
  }

  clearFaults(): void {
    this.http.clearFaults();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
