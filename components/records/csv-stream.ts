/**
 * The CSV export as a stream that reads the list a page at a time *as the client takes it* (issue 13,
 * "growth nobody sees"): `pull`, not `start`, so a 200,000-row export holds one page (200 rows) in memory
 * whatever the size of the list or the speed of the client, and the first bytes (the header line) leave
 * before the first page is read. The pages are the list's own (listRecords: visibility, filters, keyset
 * cursor), so the export is exactly what the list shows.
 */
import type { Ctx } from '@/lib/data/context';
import { listRecords, type ListQuery } from '@/lib/operations/list';
import type { RecordType } from '@/lib/operations/define';
import { csvColumns, csvHeaderLine, csvLine, type CsvOptions } from './csv-export';

export const CSV_PAGE_SIZE = 200;

export function csvExportStream(
  ctx: Ctx,
  type: RecordType,
  query: ListQuery,
  options: CsvOptions & { onPage?: (rows: number) => void },
): ReadableStream<Uint8Array> {
  const columns = csvColumns(type);
  const encoder = new TextEncoder();
  let cursor = query.cursor;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvHeaderLine(columns)}\r\n`));
          return;
        }
        try {
          const page = await listRecords(ctx, type, { ...query, limit: CSV_PAGE_SIZE, cursor });
          options.onPage?.(page.data.length);
          const lines = page.data.map((row) => csvLine(columns, row, options));
          if (lines.length) controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
          if (!page.next_cursor) {
            controller.close();
            return;
          }
          // The list's own cursor, decoded as the list decodes it (same sort).
          const last = page.data[page.data.length - 1];
          const field = query.sort.field;
          cursor = { v: last[field] ?? null, id: last.id };
        } catch (error) {
          console.error('opsdesk: CSV export failed', error);
          controller.error(error);
        }
      },
    },
    // One chunk buffered ahead: the next page is read only when the client has taken the previous one.
    { highWaterMark: 1 },
  );
}
