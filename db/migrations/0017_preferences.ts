/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * People's own locale and time zone (engine.md §8: GET/PUT /me/preferences), null until the person (or
 * their browser, on the first visit) chooses; and each tenant's currency, which every amount is shown in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column locale text check (locale is null or length(locale) between 2 and 35)`.execute(db);
  await sql`alter table people add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64)`.execute(db);
  await sql`alter table tenants add column currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants drop column if exists currency`.execute(db);
  await sql`alter table people drop column if exists time_zone`.execute(db);
  await sql`alter table people drop column if exists locale`.execute(db);
}
