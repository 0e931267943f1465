/**
 * The process-wide database: opened once, migrated, seeded with the demo data on first start in demo mode.
 *
 * Shared through a globalThis key because Next's server bundle and the Node server bundle each load this
 * module: without it there would be two pools (and two PGlite instances on one folder, which corrupts it).
 * Only the data layer (lib/data) and db/ scripts import this; the domain reaches the database through a
 * caller's TenantDb.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { config } from '@/lib/config';
import { openDatabase, type DatabaseHandle } from './client';
import { migrateToLatest } from './migrate';

const KEY = Symbol.for('opsdesk.database');
type Holder = { [KEY]?: Promise<DatabaseHandle> };

export class DatabaseStartupError extends Error {}

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the DATABASE_URL';
  }
}

async function open(): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const handle = await openDatabase({ url: config.databaseUrl });
    try {
      await sql`select 1`.execute(handle.db);
    } catch (error) {
      await handle.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseStartupError(
        `Cannot connect to PostgreSQL at ${describeTarget(config.databaseUrl)} (${reason}). ` +
          'Check DATABASE_URL (postgres://user:password@host:port/database) and that the server is running, ' +
          'or unset DATABASE_URL to use the embedded database.',
      );
    }
    await migrateToLatest(handle.db);
    return handle;
  }
  const dir = path.join(config.dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ dataDir: dir });
    await sql`select 1`.execute(handle.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseStartupError(
      `Cannot open the embedded database in ${dir} (${reason}). ` +
        'Is another Opsdesk process using this data folder? Stop it, or set DATA_DIR to another folder.',
    );
  }
  await migrateToLatest(handle.db);
  return handle;
}

export function getDatabase(): Promise<DatabaseHandle> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = open().then(async (handle) => {
      const { seedDemoIfEmpty } = await import('./seed');
      await seedDemoIfEmpty(handle.db, config.demoMode);
      return handle;
    });
    holder[KEY].catch(() => {
      delete holder[KEY];
    });
  }
  return holder[KEY];
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}

/** Tests: serve the process from a database the test opened (PGlite in memory, or a PostgreSQL schema). */
export function serveFromDatabase(handle: DatabaseHandle): void {
  (globalThis as Holder)[KEY] = Promise.resolve(handle);
}
