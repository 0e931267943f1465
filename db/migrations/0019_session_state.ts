/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * The session rule as a function (issue 13): `session_state(tenant, session, person, now, touch_before)` is
 * 'live:<roles>' or 'touch:<roles>' (live, and last_used_at is due to be written; the person's roles of this
 * moment, comma-separated) when the session row is that person's, not revoked, not expired at `now`, and the
 * person is active; null otherwise. lib/data/auth-sessions.ts reads every session through it — the system
 * context's check and the check a read carries in its own statement (lib/data/checked-read.ts) alike.
 *
 * Why a PL/pgSQL function rather than the same SQL inline: PL/pgSQL keeps its statement's plan for the
 * session (a primary-key join), where the inline join was planned on every request — about 0.2 ms of
 * PostgreSQL's CPU each, more than running it. SECURITY INVOKER: it reads as whoever calls it, under
 * row-level security for a tenant's connection.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create or replace function session_state(p_tenant text, p_session text, p_person text, p_now timestamptz, p_touch_before timestamptz)
    returns text language plpgsql stable security invoker as $$
    begin
      return (
        select case when s.person_id = p_person and s.revoked_at is null and s.expires_at > p_now and p.active
          then case when s.last_used_at is null or s.last_used_at < p_touch_before then 'touch' else 'live' end
            || ':' || array_to_string(p.roles, ',') end
        from auth_sessions s join people p on p.tenant_id = s.tenant_id and p.id = s.person_id
        where s.tenant_id = p_tenant and s.id = p_session);
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists session_state(text, text, text, timestamptz, timestamptz)`.execute(db);
}
