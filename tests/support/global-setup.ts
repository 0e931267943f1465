/**
 * Integration tests run on PostgreSQL when DATABASE_URL is set (migrated once here) and otherwise on a
 * PGlite database in memory per test file. Either way each test makes its own tenant, so files run in
 * parallel and nothing needs resetting.
 */
import { openDatabase } from '../../db/client';
import { migrateToLatest } from '../../db/migrate';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const handle = await openDatabase({ url, max: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}
