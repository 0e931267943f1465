import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_security_events';
import * as m0003 from './0003_sign_in_throttle';
import * as m0004 from './0004_auth_sessions';

/**
 * In-code migration provider: Kysely's FileMigrationProvider cannot import .ts files on Node 20, and
 * bundled builds have no migrations folder to read. Add each new migration here, in order.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_security_events': m0002,
  '0003_sign_in_throttle': m0003,
  '0004_auth_sessions': m0004,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
