/** The database a test file runs on: PostgreSQL at DATABASE_URL, or a fresh PGlite in memory. */
import { afterAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { serveFromDatabase } from '@/db';
import { migrateToLatest } from '@/db/migrate';

let shared: Promise<DatabaseHandle> | undefined;

/** One database per test file, also served to the REST app (getDatabase) and closed after the file. */
export function testDatabase(): Promise<DatabaseHandle> {
  if (!shared) {
    shared = (async () => {
      const url = process.env.DATABASE_URL;
      const handle = url ? await openDatabase({ url, max: 8 }) : await openDatabase({ dataDir: 'memory://' });
      if (!url) await migrateToLatest(handle.db);
      serveFromDatabase(handle);
      return handle;
    })();
    afterAll(async () => {
      const handle = await shared;
      shared = undefined;
      await handle?.close();
    });
  }
  return shared;
}
