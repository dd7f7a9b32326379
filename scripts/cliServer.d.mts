export interface CliServer {
  url: string;
  token: string;
  adminKey: string;
  dataDir: string;
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  /** fetch against the server's API with the admin key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Kills the process with SIGKILL, as a crash would; the data folder stays. */
  crash(): Promise<void>;
  /** Stops it with SIGTERM and removes the data folder unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export declare function startCliServer(given?: {
  dataDir?: string;
  token?: string;
  adminKey?: string;
  port?: number;
  args?: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
}): Promise<CliServer>;
