import { Migrator, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
import { migrationProvider } from './migrations';

export async function migrateToLatest(db: AnyDb): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Drops every table the migrations made, and the migrator's own bookkeeping. */
export async function dropEverything(db: AnyDb): Promise<void> {
  const migrations = await migrationProvider.getMigrations();
  for (const name of Object.keys(migrations).reverse()) await migrations[name].down?.(db);
  await db.schema.dropTable('kysely_migration').ifExists().execute();
  await db.schema.dropTable('kysely_migration_lock').ifExists().execute();
}
