/**
 * The requester's view on Home: every open request of mine, the ones stuck longest first (least recently
 * moved), and what I received — documents, equipment, access with its expiry, booked trips.
 */
import type { Ctx } from '@/lib/data/context';
import { actionsFrom, type RecordRow, type RecordType } from '@/lib/operations/define';
import { listRecords, parseListQuery } from '@/lib/operations/list';
import { recordTypes } from '@/lib/operations/registry';

export const requestTypes = recordTypes.filter((t) => t.name !== 'Pending');

/** Where a request is "delivered" for its requester: what the desk handed over. */
const RECEIVED: Record<string, string[]> = {
  'access-requests': ['provisioned'],
  equipment: ['delivered'],
  'hr-requests': ['completed'],
  travel: ['booked', 'completed'],
};

function openStatuses(type: RecordType): string[] {
  return type.statuses.filter((s) => actionsFrom(type, s).length > 0);
}

export interface MyRequest {
  type: RecordType;
  row: RecordRow;
}

export interface OpenRequests {
  shown: MyRequest[];
  /** Per type: how many are open (at most `cap`, then `more` says there are more). */
  counts: { type: RecordType; count: number; more: boolean }[];
  total: number;
}

const SHOWN = 10;
const CAP = 200;

export async function loadOpenRequests(ctx: Ctx): Promise<OpenRequests> {
  const pages = await Promise.all(
    requestTypes.map(async (type) => {
      const page = await listRecords(ctx, type, parseListQuery(type, { scope: 'mine', status: openStatuses(type).join(','), sort: 'updated_at', limit: String(CAP) }));
      return { type, page };
    }),
  );
  const all = pages.flatMap(({ type, page }) => page.data.map((row) => ({ type, row })));
  // Stuck longest first: the least recently moved on.
  all.sort((a, b) => String(a.row.updated_at).localeCompare(String(b.row.updated_at)));
  const counts = pages.map(({ type, page }) => ({ type, count: page.data.length, more: page.next_cursor !== null })).filter((c) => c.count > 0);
  return { shown: all.slice(0, SHOWN), counts, total: all.length };
}

export async function loadReceived(ctx: Ctx, limit = 8): Promise<MyRequest[]> {
  const pages = await Promise.all(
    requestTypes.map(async (type) => {
      const page = await listRecords(ctx, type, parseListQuery(type, { scope: 'mine', status: RECEIVED[type.resource].join(','), sort: '-updated_at', limit: String(limit) }));
      return page.data.map((row) => ({ type, row }));
    }),
  );
  return pages
    .flat()
    .sort((a, b) => String(b.row.updated_at).localeCompare(String(a.row.updated_at)))
    .slice(0, limit);
}
