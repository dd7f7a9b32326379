import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../storage/sql/SqliteDriver.js';
import { removeDir } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-driver-'));
afterAll(() => removeDir(dir));

describe('the SQLite driver', () => {
  it('commits work that arrives together at once, and rolls back only the work that fails', async () => {
    const db = new SqliteDriver(join(dir, 'group.db'));
    await db.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', ['taken']);
    const add = (key: string) =>
      db.groupTransaction(async (tx) => {
        await tx.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', [`${key}-1`]);
        await tx.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', [key]);
        return key;
      });
    const outcomes = await Promise.allSettled([add('a'), add('taken'), add('b')]);
    expect(outcomes.map((o) => o.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await db.all<{ blob_key: string }>(
      'SELECT blob_key FROM blob_deletions ORDER BY blob_key',
    );
    // The failing work's first insert is gone with it; the others are all there.
    expect(rows.map((r) => r.blob_key)).toStrictEqual(['a', 'a-1', 'b', 'b-1', 'taken']);
    await db.close();
  });

  it('keeps a statement from outside out of an open transaction', async () => {
    const db = new SqliteDriver(join(dir, 'outside.db'));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', ['inside']);
      await held;
      throw new Error('rolled back');
    });
    // Sent while the transaction is open: it waits, and survives the rollback.
    const outside = db.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', ['outside']);
    release();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await outside).toBe(1);
    const rows = await db.all<{ blob_key: string }>('SELECT blob_key FROM blob_deletions');
    expect(rows).toStrictEqual([{ blob_key: 'outside' }]);
    await db.close();
  });

  it('settles a write once its log is fsynced, sharing one fsync among writes that wait', async () => {
    const db = new SqliteDriver(join(dir, 'durable.db'));
    const before = db.walSyncs;
    await db.one('SELECT COUNT(*) AS n FROM blob_deletions');
    expect(db.walSyncs, 'a read waits for no fsync').toBe(before);
    await db.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', ['one']);
    expect(db.walSyncs, 'a write settles after its fsync').toBe(before + 1);
    const writes = Array.from({ length: 20 }, (_, i) =>
      db.transaction((tx) => tx.run('INSERT INTO blob_deletions (blob_key) VALUES (?)', [`t${i}`])),
    );
    await Promise.all(writes);
    const shared = db.walSyncs - before - 1;
    expect(shared).toBeGreaterThanOrEqual(1);
    expect(shared, 'writes waiting together share fsyncs').toBeLessThan(20);
    await db.close();
  });
});
