import { SqlMetadataStore } from './SqlMetadataStore.js';
import { PostgresDriver } from './sql/PostgresDriver.js';

/** The metadata store in PostgreSQL, shared by several server replicas. */
export class PostgresMetadataStore extends SqlMetadataStore {
  /** Connects and brings the schema up to date (one replica at a time). */
  static async open(connectionString: string, queryTimeoutMs?: number) {
    return new PostgresMetadataStore(await PostgresDriver.open(connectionString, queryTimeoutMs));
  }
}
