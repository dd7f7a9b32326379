import { SqlMetadataStore } from './SqlMetadataStore.js';
import { SqliteDriver } from './sql/SqliteDriver.js';

/** The embedded metadata store: one SQLite file (made or migrated when opened). */
export class SqliteMetadataStore extends SqlMetadataStore {
  constructor(file: string) {
    super(new SqliteDriver(file));
  }
}
