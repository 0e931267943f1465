/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * Deciding from email (engine.md §5, issue 10 item 3):
 * - `email_action_links`: one row per approver email about a step, bound to the person, the approval item,
 *   the step and the chain's generation (how many times an edit restarted it). Its approve and reject tokens
 *   (256 random bits each) exist only in the message that leaves through SMTP; the table keeps their
 *   SHA-256 hashes, minted when the message is sent. Valid 7 days; used once (both links of the email).
 * - `email_link_attempts`: confirmations per client address, across tenants (the rate limit of the confirm
 *   step, shared by every instance); no tenant, like sign_in_failures.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table email_action_links (
    tenant_id text not null references tenants(id),
    id text not null,
    person_id text not null,
    pending_id text not null,
    step_index integer not null,
    generation integer not null,
    email_message_id text,
    approve_hash text,
    reject_hash text,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    used_decision text check (used_decision in ('approve','reject')),
    primary key (tenant_id, id),
    foreign key (tenant_id, person_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'email_action_links');
  await sql`create unique index email_action_links_approve on email_action_links (approve_hash)`.execute(db);
  await sql`create unique index email_action_links_reject on email_action_links (reject_hash)`.execute(db);
  await sql`create index email_action_links_message on email_action_links (tenant_id, email_message_id)`.execute(db);

  await sql`create table email_link_attempts (
    id text primary key,
    address text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index email_link_attempts_address on email_link_attempts (address, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await disableTenantRls(db, 'email_action_links').catch(() => undefined);
  await sql`drop table if exists email_action_links`.execute(db);
  await sql`drop table if exists email_link_attempts`.execute(db);
}
