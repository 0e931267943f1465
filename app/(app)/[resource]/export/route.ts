/**
 * CSV export of a list with its current filters: every page, streamed with backpressure (csv-stream.ts), through the same listRecords; headers
 * are the fields' labels, people their names, dates in the person's own time zone (or the zone a `tz` parameter names).
 */
import { connection, type NextRequest } from 'next/server';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { AppError } from '@/lib/errors';
import { parseScreenListQuery } from '@/lib/operations/withdrawn';
import { typeByResource } from '@/lib/operations/registry';
import { screenFormatSettings } from '@/lib/preferences/screen-format';
import { timeZoneOr } from '@/components/records/csv-export';
import { csvExportStream } from '@/components/records/csv-stream';

export async function GET(request: NextRequest, { params }: { params: Promise<{ resource: string }> }) {
  await connection();
  const type = typeByResource((await params).resource);
  if (!type) return new Response('Not found', { status: 404 });
  const { caller } = await requireUser();
  const ctx = await contextForCaller(caller);
  const raw = Object.fromEntries(request.nextUrl.searchParams.entries());
  const timeZone = raw.tz ? timeZoneOr(raw.tz) : (await screenFormatSettings(ctx)).timeZone;
  delete raw.cursor;
  delete raw.back;
  delete raw.tz;
  let query;
  try {
    query = parseScreenListQuery(type, { ...raw, limit: '200' });
  } catch (error) {
    if (error instanceof AppError) return new Response(error.message, { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
  const names = new Map((await listPeople(ctx)).map((p) => [p.id, p.name]));
  const stream = csvExportStream(ctx, type, query, { names, timeZone });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${type.resource}-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
