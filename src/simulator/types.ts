// Public types shared by both simulators.

export interface RecordedRequest {
  method: string;
  /** Pathname only, without the query string. */
  path: string;
  /** Query parameters; when a name repeats, the last value wins. */
  query: Record<string, string>;
  /** Request headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Parsed JSON body, or undefined when empty or not valid JSON. */
  body: unknown;
  /** Date.now() when the request was fully received. */
  at: number;
}

export interface FaultMatch {
  method?: string;
  /** A string must equal the pathname; a RegExp is tested against it. */
  path?: string | RegExp;
}

export interface Fault {
  match?: FaultMatch;
  /** How many matching requests this fault applies to; default 1, Infinity allowed. */
  times?: number;
  /** Wait this long before answering (or before the rest of the fault). */
  delayMs?: number;
  /** Answer with this status instead of the real handler. */
  status?: number;
  /** Body for a status fault; an object is sent as JSON, a string as is. */
  body?: string | object;
  /** Extra response headers (e.g. Retry-After, Location). */
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer 200 (or `status`) with a truncated JSON body. */
  malformedJson?: boolean;
  /** Never answer. */
  hang?: boolean;
  /** Answer the real request but replace `nextPageUri` in the JSON body. */
  nextPageUri?: string;
}

export interface SimulatorServer {
  /** Base URL: 'http://127.0.0.1:PORT' for AI Gateway, 'http://127.0.0.1:PORT/api/v1' for OpenRouter. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  clearRequests(): void;
  injectFault(f: Fault): void;
  clearFaults(): void;
  reset(): void;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 (default) picks a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed the `demo` account; default true. */
  seedDemo?: boolean;
}
