/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the scheduled purge of short-lived rows (lib/jobs/maintenance.ts, issue 13): each purge
 * deletes by age in batches over an index, never by scanning a table — sessions and tokens, email decision
 * links and invitation / password-reset links by expiry within their tenant; the confirmation and
 * verification rate-limit rows by age (sign_in_failures has had its own since 0003).
 */
const INDEXES: [name: string, definition: string][] = [
  ['auth_sessions_expiry', 'auth_sessions (tenant_id, expires_at)'],
  ['email_action_links_expiry', 'email_action_links (tenant_id, expires_at)'],
  ['person_links_expiry', 'person_links (tenant_id, expires_at)'],
  ['email_link_attempts_created', 'email_link_attempts (created_at)'],
  ['verification_lookups_created', 'verification_lookups (created_at)'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, definition] of INDEXES) await sql`create index if not exists ${sql.raw(name)} on ${sql.raw(definition)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}
