export declare const HOW_TO_GET_POSTGRES: string;

/** The folder of the newest installed PostgreSQL's programs, or null. */
export declare function findPostgres(): string | null;

export declare function startPostgres(options?: { durable?: boolean }): Promise<{
  url: string;
  /** Stops the server and keeps its data: an outage, ended by `resume()` on the same port. */
  pause(): void;
  resume(): void;
  stop(): void;
}>;
