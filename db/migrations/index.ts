import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_security_events';
import * as m0003 from './0003_sign_in_throttle';
import * as m0004 from './0004_auth_sessions';
import * as m0005 from './0005_engine';
import * as m0006 from './0006_row_level_security';
import * as m0007 from './0007_directory';
import * as m0008 from './0008_policies';
import * as m0009 from './0009_jobs';
import * as m0010 from './0010_notifications';
import * as m0011 from './0011_email_links';
import * as m0012 from './0012_sla';
import * as m0013 from './0013_documents';
import * as m0015 from './0015_people_lifecycle';
import * as m0014 from './0014_integrations';
import * as m0016 from './0016_fulfilment';
import * as m0017 from './0017_preferences';
import * as m0018 from './0018_hot_query_indexes';
import * as m0019 from './0019_session_state';
import * as m0020 from './0020_purge_indexes';
import * as m0021 from './0021_search_without_pending_list';
import * as m0022 from './0022_document_immutability';
import * as m0023 from './0023_scim_user_name';

/**
 * In-code migration provider: Kysely's FileMigrationProvider cannot import .ts files on Node 20, and
 * bundled builds have no migrations folder to read. Add each new migration here, in order.
 *
 * Row-level security: a migration that creates a table with a `tenant_id` column must call
 * `enableTenantRls(db, table)` from ./rls.ts right after creating it (forced RLS, the tenant policy, the app
 * role's grants); tests/integration/rls-catalogue.test.ts fails for any tenant table without it.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_security_events': m0002,
  '0003_sign_in_throttle': m0003,
  '0004_auth_sessions': m0004,
  '0005_engine': m0005,
  '0006_row_level_security': m0006,
  '0007_directory': m0007,
  '0008_policies': m0008,
  '0009_jobs': m0009,
  '0010_notifications': m0010,
  '0011_email_links': m0011,
  '0012_sla': m0012,
  '0013_documents': m0013,
  '0015_people_lifecycle': m0015,
  '0014_integrations': m0014,
  '0016_fulfilment': m0016,
  '0017_preferences': m0017,
  '0018_hot_query_indexes': m0018,
  '0019_session_state': m0019,
  '0020_purge_indexes': m0020,
  '0021_search_without_pending_list': m0021,
  '0022_document_immutability': m0022,
  '0023_scim_user_name': m0023,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
