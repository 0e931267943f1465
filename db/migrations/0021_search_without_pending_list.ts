/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * The search indexes (trigram GIN on each record table's search_text) without GIN's pending list (issue 13).
 *
 * With `fastupdate` on (PostgreSQL's default) a new row's trigrams go to an unsorted pending list that every
 * search scans in full until VACUUM or a 4 MB flush folds it into the index. The benchmark measured what that
 * costs a tenant that files steadily: a rare-word search went from 2.2 ms of database time per page to 6–8 ms
 * after some 25,000 new requests, until the next vacuum. With it off each insert updates the index at once
 * (a fraction of a millisecond more per filing, which already writes a dozen rows), and search stays flat.
 */
const TABLES = ['access_requests', 'hr_requests', 'equipment_requests', 'travel_requests', 'pending_items'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`alter index ${sql.raw(`${table}_search`)} set (fastupdate = off)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`alter index ${sql.raw(`${table}_search`)} reset (fastupdate)`.execute(db);
}
