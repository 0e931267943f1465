/**
 * The CSV export streams (issue 13): it reads the list a page at a time as the client takes the bytes, so
 * the first chunk leaves before the whole set is read and memory holds one page, whatever the list's size.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_SETTING } from '@/db/roles';
import type { Database } from '@/db/schema';
import { csvExportStream, CSV_PAGE_SIZE } from '@/components/records/csv-stream';
import { parseListQuery } from '@/lib/operations/list';
import { typeByName } from '@/lib/operations/registry';
import { testDatabase } from '../support/database';
import { createTestTenant } from '../support/tenant';

let db: Kysely<Database>;
const ROWS = 5 * CSV_PAGE_SIZE + 17;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

describe('CSV export', () => {
  it('sends the header before reading any page, then one page per read, and every row once', async () => {
    const t = await createTestTenant(db);
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw(`select set_config('${TENANT_SETTING}', $1, true)`, [t.tenantId]));
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into access_requests (tenant_id, id, created_at, created_by, requester_id, system_id, access_type, justification)
           select $1, 'acr_csv' || lpad(i::text, 8, '0'), now() - i * interval '1 minute', $2, $2, 'github', 'new', 'Row ' || i
           from generate_series(1, $3::int) i`,
          [t.tenantId, t.people.alice.id, ROWS],
        ),
      );
    });
    const type = typeByName('AccessRequest')!;
    const pages: number[] = [];
    const stream = csvExportStream(t.ctx('ivan'), type, parseListQuery(type, { scope: 'all' }), {
      names: new Map(),
      timeZone: 'UTC',
      onPage: (rows) => pages.push(rows),
    });
    const reader = stream.getReader();
    // ignoreBOM: keep the byte-order mark (spreadsheets need it) in what the test reads.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

    const first = await reader.read();
    expect(decoder.decode(first.value).startsWith('\uFEFF"ID","Status"')).toBe(true);
    expect(pages.length).toBeLessThanOrEqual(1);
    const second = await reader.read();
    expect(decoder.decode(second.value).split('\r\n').filter(Boolean)).toHaveLength(CSV_PAGE_SIZE);
    // Backpressure: at most one page read ahead of what the client has taken.
    expect(pages.length).toBeLessThanOrEqual(2);

    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const ids = text.split('\r\n').filter(Boolean).map((line) => line.split(',')[0]);
    expect(ids.length + CSV_PAGE_SIZE).toBe(ROWS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toEqual([...Array(5).fill(CSV_PAGE_SIZE), 17]);
  });
});
