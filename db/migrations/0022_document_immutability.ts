/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * HR documents are immutable (engine.md §7, issue 12), and the database holds to it whatever the code path:
 * - `documents`: the only change a row may take is its revocation — `revoked_at` and `revoked_by` set
 *   once, on a document not yet revoked. Every other column stays as it was issued, and a revoked document
 *   stays revoked (a re-issue is a new document).
 * - `document_files`: a stored PDF is never rewritten.
 * - `document_templates`: a saved version never changes (a save is a new version), so the version a
 *   document names is the text it was made from.
 * Rows may still be deleted (a tenant's removal); nothing in the app deletes them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create or replace function documents_only_revoke() returns trigger language plpgsql as $$
    begin
      if old.revoked_at is not null then
        raise exception 'document % is revoked and cannot change', old.id using errcode = 'check_violation';
      end if;
      if (to_jsonb(new) - array['revoked_at', 'revoked_by']) is distinct from (to_jsonb(old) - array['revoked_at', 'revoked_by'])
        or new.revoked_at is null or new.revoked_by is null then
        raise exception 'document % is immutable: only its revocation may be recorded', old.id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger documents_only_revoke before update on documents for each row execute function documents_only_revoke()`.execute(db);

  await sql`create or replace function document_rows_immutable() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are immutable (a new version or document is a new row)', tg_table_name using errcode = 'check_violation';
    end $$`.execute(db);
  await sql`create trigger document_files_immutable before update on document_files for each row execute function document_rows_immutable()`.execute(db);
  await sql`create trigger document_templates_immutable before update on document_templates for each row execute function document_rows_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists document_templates_immutable on document_templates`.execute(db);
  await sql`drop trigger if exists document_files_immutable on document_files`.execute(db);
  await sql`drop trigger if exists documents_only_revoke on documents`.execute(db);
  await sql`drop function if exists document_rows_immutable()`.execute(db);
  await sql`drop function if exists documents_only_revoke()`.execute(db);
}
