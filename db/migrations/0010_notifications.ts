/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * Notifications (engine.md §5):
 * - `notifications`: the in-app feed, one row per recipient and event. A step's notifications carry the
 *   approval item and step index, so when one approver decides, the others' rows are marked superseded
 *   ("Decided by Ivan") and leave the unread count.
 * - `notification_preferences`: per person, email on/off per kind, or one daily digest (and the time the
 *   last digest covered, so what a digest sends is computed from timestamps).
 * - `email_messages`: every email composed, with its text and HTML bodies; sent by the `email.send` job
 *   over SMTP, or kept as the outbox (`status = 'outbox'`) when no SMTP server is configured.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table notifications (
    tenant_id text not null references tenants(id),
    id text not null,
    recipient_id text not null,
    kind text not null check (kind in ('step_assigned','decided','fulfilled','task_opened','comment','mention','reminder','overdue','escalation','expiring','info_requested')),
    title text not null,
    body text not null default '',
    url text not null,
    entity_type text,
    entity_id text,
    pending_id text,
    step_index integer,
    actor_id text,
    on_behalf_of text,
    read_at timestamptz,
    superseded_at timestamptz,
    superseded_note text,
    emailed_at timestamptz,
    created_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, recipient_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'notifications');
  await sql`create index notifications_feed on notifications (tenant_id, recipient_id, created_at desc, id desc)`.execute(db);
  await sql`create index notifications_unread on notifications (tenant_id, recipient_id) where read_at is null and superseded_at is null`.execute(db);
  await sql`create index notifications_step on notifications (tenant_id, pending_id, step_index) where pending_id is not null and superseded_at is null`.execute(db);

  await sql`create table notification_preferences (
    tenant_id text not null references tenants(id),
    person_id text not null,
    email jsonb not null default '{}'::jsonb check (jsonb_typeof(email) = 'object'),
    digest boolean not null default false,
    digest_through timestamptz,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, person_id),
    foreign key (tenant_id, person_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'notification_preferences');

  await sql`create table email_messages (
    tenant_id text not null references tenants(id),
    id text not null,
    recipient_id text,
    to_address text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    kind text not null check (kind in ('notification','digest')),
    status text not null default 'queued' check (status in ('queued','sent','outbox','failed')),
    error text,
    created_at timestamptz not null,
    sent_at timestamptz,
    primary key (tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'email_messages');
  await sql`create index email_messages_recent on email_messages (tenant_id, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['email_messages', 'notification_preferences', 'notifications']) {
    await disableTenantRls(db, table).catch(() => undefined);
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
