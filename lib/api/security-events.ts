/**
 * GET /api/v1/security-events (engine.md §8): the tenant's security log for admins, as JSON pages or,
 * with Accept: text/csv, as a CSV file (Next-Cursor header when more remain). Never holds a secret:
 * events are written without them (lib/security/events.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import { SECURITY_EVENT_KINDS } from '@/lib/security/events';
import { securityEventsCsv } from '@/lib/security/events-csv';
import { listSecurityEvents, parseSecurityEventsQuery, securityEventsQuerySchema } from '@/lib/security/list-events';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const PATH = '/api/v1/security-events';

const securityEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SECURITY_EVENT_KINDS),
    actor_id: z.string().nullable().meta({ description: 'Who did it: a person or an integration key; null when unknown (a failed sign-in).' }),
    actor_name: z.string().nullable(),
    subject_id: z.string().nullable().meta({ description: 'Whom or what it was about: a person, key, session or record id.' }),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).meta({ description: 'Names, ids and reasons; never a password, token or secret.' }),
    created_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'SecurityEvent' });

function wantsCsv(accept: string | undefined): boolean {
  return !!accept && /\btext\/csv\b/i.test(accept);
}

export function registerSecurityEventRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get(PATH, async (c) => {
    const csv = wantsCsv(c.req.header('accept'));
    const query = parseSecurityEventsQuery(c.req.query(), { csv });
    const page = await listSecurityEvents(await contextForCaller(c.get('caller')), query);
    if (!csv) return c.json(page);
    return c.body(securityEventsCsv(page.data), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="security-events.csv"',
      ...(page.next_cursor ? { 'Next-Cursor': page.next_cursor } : {}),
    });
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: PATH,
    tags: ['Security'],
    summary: 'The security log (admins)',
    description:
      'Failed and throttled sign-ins, refused decisions, role grants and removals, key mints and revocations, sessions and tokens revoked, delegations set by an admin, policy edits. Newest first. With `Accept: text/csv`, the same page as CSV (limit up to 5000; `Next-Cursor` header when more remain).',
    request: { query: securityEventsQuerySchema },
    responses: {
      200: {
        description: 'A page of events',
        content: {
          'application/json': { schema: z.object({ data: z.array(securityEventSchema), next_cursor: z.string().nullable() }) },
          'text/csv': { schema: z.string() },
        },
      },
      401: problem('Missing, expired, badly signed or revoked credentials.'),
      403: problem('Not an admin.'),
      422: problem('An invalid filter value.'),
    },
  });
}
