/**
 * The caller's notifications (engine.md §5): the in-app feed newest first with keyset paging and the
 * unread count, marking read, and the email preferences. Integration keys have none (403).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '@/db/schema';
import { contextForCaller } from '@/lib/data/database';
import { listMyNotifications, markRead, markReadSchema, feedQuerySchema } from '@/lib/notifications/feed';
import { getMyPreferences, preferencesOutputSchema, preferencesSchema, setMyPreferences } from '@/lib/notifications/preferences';
import { queryParams, readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    url: z.string().meta({ description: 'Where to open it in the app (a path, e.g. /travel/trv_…).' }),
    entity_type: z.string().nullable(),
    entity_id: z.string().nullable(),
    read_at: z.string().nullable(),
    created_at: z.string(),
    superseded_at: z.string().nullable().meta({ description: 'Set when someone else decided the step this asked you to decide.' }),
    superseded_note: z.string().nullable().meta({ description: 'What happened instead, e.g. "Decided by Ivan Ivanov".' }),
  })
  .meta({ id: 'Notification' });

const feedSchema = z.object({ data: z.array(notificationSchema), unread_count: z.number().int(), next_cursor: z.string().nullable() });

export function registerNotificationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/me/notifications', async (c) => {
    return c.json(await listMyNotifications(await contextForCaller(c.get('caller')), queryParams(c)));
  });
  app.post('/api/v1/me/notifications/read', async (c) => {
    return c.json(await markRead(await contextForCaller(c.get('caller')), await readJson(c)));
  });
  app.get('/api/v1/me/notification-preferences', async (c) => {
    return c.json(await getMyPreferences(await contextForCaller(c.get('caller'))));
  });
  app.put('/api/v1/me/notification-preferences', async (c) => {
    return c.json(await setMyPreferences(await contextForCaller(c.get('caller')), await readJson(c)));
  });

  const registry = app.openAPIRegistry;
  const common = { 401: problem('Missing, expired, badly signed or revoked credentials.'), 403: problem('Integration keys have no notifications.') };
  registry.registerPath({
    method: 'get', path: '/api/v1/me/notifications', tags: ['Notifications'], summary: 'My notifications, newest first',
    description: 'A notification superseded by someone else’s decision stays in the list but no longer counts as unread.',
    request: { query: feedQuerySchema },
    responses: { 200: { description: 'One page', content: { 'application/json': { schema: feedSchema } } }, 422: problem('A bad limit or cursor.'), ...common },
  });
  registry.registerPath({
    method: 'post', path: '/api/v1/me/notifications/read', tags: ['Notifications'], summary: 'Mark notifications read',
    description: '`{"ids": [...]}` marks those (ids that are not yours are ignored); `{"all": true}` marks everything.',
    request: { body: { content: { 'application/json': { schema: markReadSchema } } } },
    responses: {
      200: { description: 'The unread count after', content: { 'application/json': { schema: z.object({ unread_count: z.number().int() }) } } },
      422: problem('Neither ids nor all.'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/v1/me/notification-preferences', tags: ['Notifications'], summary: 'My email preferences',
    responses: { 200: { description: 'Email on or off per kind, or a daily digest', content: { 'application/json': { schema: preferencesOutputSchema } } }, ...common },
  });
  registry.registerPath({
    method: 'put', path: '/api/v1/me/notification-preferences', tags: ['Notifications'], summary: 'Replace my email preferences',
    description: 'A kind left out of `email` is on. With `digest: true`, no email per event: one daily digest of what is unread.',
    request: { body: { content: { 'application/json': { schema: preferencesSchema } } } },
    responses: {
      200: { description: 'The preferences now', content: { 'application/json': { schema: preferencesOutputSchema } } },
      422: problem('An unknown kind or field.'),
      ...common,
    },
  });
}
