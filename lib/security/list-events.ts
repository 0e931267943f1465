/**
 * The security log for admins (engine.md §8, GET /api/v1/security-events and the settings screen):
 * filters by kind, actor and time, newest first, keyset-paged on (created_at, id) like every other list.
 * Each event comes with its actor's name (a person, or an integration key's label), so screens never
 * show a bare id.
 */
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { forbidden, invalid } from '@/lib/errors';
import { isoDateTime } from '@/lib/operations/fields';
import { parseInput } from '@/lib/operations/validate';
import { SECURITY_EVENT_KINDS } from './events';
import { decodeTimeCursor, encodeTimeCursor } from '@/lib/http/time-cursor';

export const SECURITY_EVENTS_PAGE_MAX = 200;
/** A CSV export takes more per page (one file for a month of a busy tenant), still bounded. */
export const SECURITY_EVENTS_CSV_MAX = 5000;

const kindList = z
  .string()
  .max(500)
  .transform((value) => value.split(',').map((kind) => kind.trim()).filter(Boolean))
  .pipe(z.array(z.enum(SECURITY_EVENT_KINDS, { message: `One of: ${SECURITY_EVENT_KINDS.join(', ')}` })));

export const securityEventsQuerySchema = z.object({
  kind: kindList.optional().meta({ description: 'One kind, or a comma list meaning any of them.' }),
  actor_id: z.string().trim().min(1).max(64).optional().meta({ description: 'Who did it: a person id or an integration key id.' }),
  from: isoDateTime().optional().meta({ description: 'At or after this time.' }),
  to: isoDateTime().optional().meta({ description: 'Before this time.' }),
  limit: z.coerce.number({ message: 'Expected a number' }).int().min(1, 'At least 1').max(SECURITY_EVENTS_CSV_MAX, `At most ${SECURITY_EVENTS_CSV_MAX}`).optional(),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque cursor from next_cursor.' }),
});

export type SecurityEventsQuery = z.infer<typeof securityEventsQuerySchema>;

export interface SecurityEventRow {
  id: string;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  subject_id: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
  created_at: string;
}

const encodeCursor = (row: { created_at: string; id: string }) => encodeTimeCursor(row.created_at, row.id);
const decodeCursor = decodeTimeCursor;

export function parseSecurityEventsQuery(input: unknown, options: { csv?: boolean } = {}): SecurityEventsQuery & { limit: number } {
  const query = parseInput(securityEventsQuerySchema, input);
  const max = options.csv ? SECURITY_EVENTS_CSV_MAX : SECURITY_EVENTS_PAGE_MAX;
  if (query.limit !== undefined && query.limit > max) throw invalid([{ path: 'limit', message: `At most ${max}` }]);
  return { ...query, limit: query.limit ?? (options.csv ? SECURITY_EVENTS_CSV_MAX : 50) };
}

export async function listSecurityEvents(
  ctx: Ctx,
  query: SecurityEventsQuery & { limit: number },
): Promise<{ data: SecurityEventRow[]; next_cursor: string | null }> {
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins may read the security log.');
  let select = ctx.db
    .selectFrom('security_events')
    .leftJoin('people', (join) => join.onRef('people.tenant_id', '=', 'security_events.tenant_id').onRef('people.id', '=', 'security_events.actor_id'))
    .leftJoin('integration_keys', (join) =>
      join.onRef('integration_keys.tenant_id', '=', 'security_events.tenant_id').onRef('integration_keys.id', '=', 'security_events.actor_id'),
    )
    .select([
      'security_events.id',
      'security_events.kind',
      'security_events.actor_id',
      'people.name as person_name',
      'integration_keys.label as key_label',
      'security_events.subject_id',
      'security_events.ip',
      'security_events.detail',
      'security_events.created_at',
    ]);
  if (query.kind?.length) select = select.where('security_events.kind', 'in', query.kind);
  if (query.actor_id) select = select.where('security_events.actor_id', '=', query.actor_id);
  if (query.from) select = select.where('security_events.created_at', '>=', query.from);
  if (query.to) select = select.where('security_events.created_at', '<', query.to);
  if (query.cursor) {
    const { t, id } = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('security_events.created_at', '<', t), eb.and([eb('security_events.created_at', '=', t), eb('security_events.id', '<', id)])]),
    );
  }
  const rows = await select.orderBy('security_events.created_at', 'desc').orderBy('security_events.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ person_name, key_label, ...row }) => ({
      ...row,
      actor_name: person_name ?? (key_label ? `Integration key “${key_label}”` : null),
    })),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
