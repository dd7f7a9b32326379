export interface LoadtestResult {
  clients: number;
  seconds: number;
  replicas: number;
  crashed: boolean;
  acknowledged: number;
  lost: number;
  duplicated: number;
  storedUnacknowledged: number;
  sessions: number;
  brokenSessions: string[];
  failedAttempts: number;
  latencyMs: { p50: number; p99: number };
  memory: { second: number; mb: number }[];
  serverOutput: string;
}

export declare function runLoadtest(options?: {
  clients?: number;
  seconds?: number;
  intervalMs?: number;
  crash?: boolean;
  keepData?: boolean;
  replicas?: number;
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Each client behind its own address, named by a proxy the server trusts. */
  addresses?: boolean;
  abusers?: number;
  /**
   * Date the recordings this long before the run (a recording's chunks are 2 s apart, so
   * clients sending faster than that would otherwise date chunks in the future).
   */
  backdateMs?: number;
}): Promise<LoadtestResult>;

export declare function startStores(): Promise<{
  env: Record<string, string>;
  stop(): Promise<void>;
}>;
