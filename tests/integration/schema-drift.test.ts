/**
 * The SQL schema, the Kysely types and the zod definitions of each record type must not drift apart
 * (issue 9, item 7): every column the API returns exists in the table with a matching nullability, every
 * enum the definitions accept is exactly what the table's CHECK constraint allows, and every column of the
 * table is either returned by the API or known to be internal.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { recordTypes } from '@/lib/operations/registry';
import { testDatabase } from '../support/database';

let db: Kysely<Database>;

/** Columns a table holds for the database's own use, never part of the API's record. */
const INTERNAL = new Set(['search_text', 'sla_cycle']);

beforeAll(async () => {
  ({ db } = await testDatabase());
});

async function columnsOf(table: string) {
  const { rows } = await sql<{ column_name: string; is_nullable: 'YES' | 'NO'; data_type: string }>`
    select column_name, is_nullable, data_type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Map(rows.map((r) => [r.column_name, r]));
}

/** The values a column's CHECK (col in (...)) constraint allows, or null when it has none. */
async function checkedValues(table: string, column: string): Promise<string[] | null> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    where t.relname = ${table} and c.contype = 'c'`.execute(db);
  for (const { def } of rows) {
    // PostgreSQL prints `col in (...)` as `(col = ANY (ARRAY['a'::text, 'b'::text]))`.
    const match = new RegExp(`\\(${column} = ANY \\(ARRAY\\[([^\\]]+)\\]\\)\\)`).exec(def);
    if (match) return [...match[1].matchAll(/'([^']*)'::text/g)].map((m) => m[1]).sort();
  }
  return null;
}

function enumValues(schema: z.ZodType): string[] | null {
  let inner: z.ZodType = schema;
  // Unwrap optional / nullable / meta wrappers down to the enum, if any.
  for (let i = 0; i < 5; i++) {
    if (inner instanceof z.ZodEnum) return [...(inner.options as string[])].sort();
    const def = (inner as unknown as { def?: { innerType?: z.ZodType } }).def;
    if (!def?.innerType) return null;
    inner = def.innerType;
  }
  return null;
}

describe.each(recordTypes.map((type) => [type.name, type] as const))('%s: definitions and table agree', (_name, type) => {
  it('every API column exists in the table, and every table column is in the API (or internal)', async () => {
    const columns = await columnsOf(type.table);
    const missing = type.columns.filter((name) => !columns.has(name));
    expect(missing, `${type.table} lacks columns the API returns`).toEqual([]);
    const unlisted = [...columns.keys()].filter((name) => !type.columns.includes(name) && !INTERNAL.has(name));
    expect(unlisted, `${type.table} has columns the definition does not name`).toEqual([]);
  });

  it('required fields are NOT NULL; nullable fields are not required', async () => {
    const columns = await columnsOf(type.table);
    for (const [name, spec] of Object.entries(type.fields)) {
      const column = columns.get(name)!;
      if (spec.required) expect(column.is_nullable, `${type.table}.${name} is required by the definition`).toBe('NO');
    }
    for (const [name, column] of columns) {
      if (column.is_nullable === 'NO' && name in type.fields) {
        expect(type.fields[name as keyof typeof type.fields].required, `${type.table}.${name} is NOT NULL but optional in the definition`).toBe(true);
      }
    }
  });

  it('enums match the CHECK constraints: statuses and every enum field', async () => {
    expect(await checkedValues(type.table, 'status'), `${type.table}.status`).toEqual([...type.statuses].sort());
    for (const [name, spec] of Object.entries({ ...type.fields, ...type.stamps })) {
      const values = enumValues(spec.schema);
      if (!values) continue;
      expect(await checkedValues(type.table, name), `${type.table}.${name}`).toEqual(values);
    }
  });

  it('numbers are numbers and timestamps are timestamps', async () => {
    const columns = await columnsOf(type.table);
    for (const [name, spec] of Object.entries({ ...type.fields, ...type.stamps })) {
      const column = columns.get(name)!;
      if (spec.input === 'money') expect(column.data_type, `${type.table}.${name}`).toBe('numeric');
      if (spec.input === 'integer') expect(column.data_type, `${type.table}.${name}`).toBe('integer');
      if (spec.input === 'datetime') expect(column.data_type, `${type.table}.${name}`).toBe('timestamp with time zone');
    }
  });

  it('its search index has no pending list, so a search does not slow down as new rows arrive (migration 0021)', async () => {
    const { rows } = await sql<{ options: string[] | null }>`select reloptions as options from pg_class where relname = ${`${type.table}_search`}`.execute(db);
    expect(rows[0]?.options ?? []).toContain('fastupdate=off');
  });
});
