/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * SCIM's `userName` when it is not the person's email (issue 15): Microsoft Entra's documented requests
 * send a userName such as `Test_User_ab6490ee-…` with the email under `emails`, then look the person up
 * by `filter=userName eq "…"`. Opsdesk signs people in by email, so the email stays in `people.email` and
 * the identity provider's userName is kept beside it (null when it is the email itself), answered as the
 * User's userName and matched by the filter (lib/scim/users.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column scim_user_name text`.execute(db);
  await sql`create index people_scim_user_name on people (tenant_id, lower(scim_user_name)) where scim_user_name is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists people_scim_user_name`.execute(db);
  await sql`alter table people drop column if exists scim_user_name`.execute(db);
}
