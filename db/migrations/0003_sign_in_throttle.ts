/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * Sign-in attempts that failed (or are being checked), shared by every app instance: the throttle counts
 * them per client address and per account + address. Not tenant data: an attempt names an email that
 * may belong to no tenant, so the account is kept only as a keyed hash of the email.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table sign_in_failures (
    id text primary key,
    account_key text not null,
    address text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index sign_in_failures_address on sign_in_failures (address, created_at)`.execute(db);
  await sql`create index sign_in_failures_account on sign_in_failures (account_key, address, created_at)`.execute(db);
  await sql`create index sign_in_failures_created on sign_in_failures (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists sign_in_failures`.execute(db);
}
