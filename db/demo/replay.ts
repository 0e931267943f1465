/**
 * Copies a model request (templates.ts) as it stood at a snapshot: every row the domain services wrote
 * for it — the record, its approval item and desk task, the chain's steps and decisions, the history,
 * comments and notifications — with new ids, the real people, text and amounts in place of the
 * placeholders, and its times moved (and stretched) to when the copy happened. Copies are written in a
 * few set-based inserts, which is what lets the demo hold hundreds of requests per type and still seed in
 * seconds on the embedded database.
 */
import { sql } from 'kysely';
import type { TenantDb } from '@/lib/data/tenant-db';
import type { RecordType } from '@/lib/operations/define';

/** The tables a request's own rows live in, in the order their foreign keys need. */
const TABLES = ['record', 'pending_items', 'approval_steps', 'approval_decisions', 'audit_events', 'comments', 'notifications'] as const;
type Table = (typeof TABLES)[number];

export interface Snapshot {
  name: string;
  type: RecordType;
  recordId: string;
  /** Each table's rows as PostgreSQL's row_to_json wrote them. */
  rows: Record<Table, string[]>;
  /** When the model request was filed, and when its latest event so far happened (ms). */
  filedAt: number;
  lastAt: number;
  /** When the clock of its open item (if any) started: what "waiting since" and its SLA count from. */
  openSince: number | null;
}

function whereClause(table: Table, recordId: string) {
  if (table === 'record') return sql`id = ${recordId}`;
  if (table === 'audit_events') {
    return sql`(entity_id = ${recordId} or entity_id in (select id from pending_items p where p.tenant_id = t.tenant_id and p.entity_id = ${recordId}))`;
  }
  return sql`entity_id = ${recordId}`;
}

/** Reads every row of the request as it stands now (inside the seed's transaction). */
export async function captureSnapshot(db: TenantDb, name: string, type: RecordType, recordId: string, filedAt: number, lastAt: number): Promise<Snapshot> {
  const rows = {} as Record<Table, string[]>;
  for (const table of TABLES) {
    const name = table === 'record' ? type.table : table;
    const { rows: found } = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(name)} t where t.tenant_id = ${db.tenantId} and ${whereClause(table, recordId)} order by 1`.execute(db.connection);
    rows[table] = found.map((r) => r.j);
  }
  const open = rows.pending_items.map((j) => JSON.parse(j) as { status: string; sla_started_at: string | null }).find((item) => item.status !== 'completed');
  const openSince = open?.sla_started_at ? Date.parse(open.sla_started_at) : null;
  return { name, type, recordId, rows, filedAt, lastAt, openSince };
}

/** What a copy puts in place of the model's values. */
export interface CopyValues {
  /** Exact strings (ids, names, placeholders, titles, quoted enum values) and their replacements. */
  strings: Map<string, string>;
  /** Placeholder amounts and their replacements. */
  amounts: Map<number, number>;
  /** Where each moment of the model goes. */
  time: (ms: number) => number;
}

const TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern per snapshot: its timestamps, its placeholder amounts, and every string a copy replaces. */
export function copyPattern(strings: Iterable<string>, amounts: Iterable<number>): RegExp {
  const keys = [...new Set(strings)].filter(Boolean).sort((a, b) => b.length - a.length).map(escape);
  const numbers = [...amounts].map((n) => escape(n.toFixed(2)));
  // The amounts' group is always there (so the replacer's arguments keep their places), matching nothing when empty.
  const alternatives = [`(${TIMESTAMP})`, `(?<![\\d.])(${numbers.length ? numbers.join('|') : '(?!)'})(?![\\d])`, ...keys];
  return new RegExp(alternatives.join('|'), 'g');
}

/** The snapshot's rows as the copy has them: parsed, per table, ready to insert. */
export function copyRows(snapshot: Snapshot, pattern: RegExp, values: CopyValues): Record<Table, Record<string, unknown>[]> {
  const replace = (json: string) =>
    json.replace(pattern, (match, stamp: string | undefined, amount: string | undefined) => {
      if (stamp) return new Date(values.time(Date.parse(stamp))).toISOString();
      if (amount) return String(values.amounts.get(Number(amount)) ?? amount);
      return values.strings.get(match) ?? match;
    });
  const out = {} as Record<Table, Record<string, unknown>[]>;
  for (const table of TABLES) out[table] = snapshot.rows[table].map((json) => JSON.parse(replace(json)) as Record<string, unknown>);
  return out;
}

/** Every id the snapshot's rows carry (the copy gives each a new one). */
export function snapshotIds(snapshot: Snapshot): string[] {
  const ids: string[] = [];
  for (const table of TABLES) {
    for (const json of snapshot.rows[table]) {
      const id = (JSON.parse(json) as { id?: unknown }).id;
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids;
}

/** Rows of copies, gathered per table, written in chunks of set-based inserts. */
export class CopyWriter {
  readonly #rows = new Map<string, Record<string, unknown>[]>();

  add(type: RecordType, rows: Record<Table, Record<string, unknown>[]>): void {
    for (const table of TABLES) {
      const name = table === 'record' ? type.table : table;
      const gathered = this.#rows.get(name);
      if (gathered) gathered.push(...rows[table]);
      else this.#rows.set(name, [...rows[table]]);
    }
  }

  /** Writes everything: record tables first, then the tables that point at them. */
  async write(db: TenantDb, chunk = 400): Promise<void> {
    const order = [...this.#rows.keys()].sort((a, b) => rank(a) - rank(b));
    for (const table of order) {
      const rows = this.#rows.get(table)!;
      if (rows.length === 0) continue;
      const generated = await generatedColumns(db, table);
      const columns = Object.keys(rows[0]).filter((c) => !generated.has(c));
      const list = sql.join(columns.map((c) => sql.ref(c)));
      for (let i = 0; i < rows.length; i += chunk) {
        const json = JSON.stringify(rows.slice(i, i + chunk));
        await sql`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(db.connection);
      }
    }
  }
}

function rank(table: string): number {
  const index = (TABLES as readonly string[]).indexOf(table);
  return index === -1 ? 0 : index;
}

async function generatedColumns(db: TenantDb, table: string): Promise<Set<string>> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'ALWAYS'`.execute(db.connection);
  return new Set(rows.map((r) => r.column_name));
}
