/**
 * The caller's own endpoints: GET /api/v1/me, and the sessions and tokens they may list and revoke
 * (engine.md §8), and their own locale and time zone (GET/PUT /me/preferences). An integration key is its own principal: /me names the key, not the admin who minted it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { describeCaller } from '@/lib/data/accounts';
import { contextForCaller } from '@/lib/data/database';
import { AppError } from '@/lib/errors';
import { localeFromAcceptLanguage } from '@/lib/preferences/locale';
import { getMyPreferences, myPreferencesInputSchema, myPreferencesSchema, setMyPreferences } from '@/lib/preferences/preferences';
import { listMyTokens, revokeMyToken } from '@/lib/security/my-tokens';
import { readJson } from './body';
import { meSchema, problem } from './openapi';
import type { ApiEnv } from './records';

export const myTokenSchema = z
  .object({
    id: z.string().meta({ description: 'The session or token id (its JWT `sid`/`jti`), never the token itself.' }),
    kind: z.enum(['session', 'token']),
    label: z.string().meta({ description: 'The browser (user agent) or what the token request said about itself.' }),
    created_at: z.string(),
    expires_at: z.string(),
    last_used_at: z.string().nullable().meta({ description: 'Updated at most once a minute.' }),
    current: z.boolean().meta({ description: 'True for the session or token this request came with.' }),
  })
  .meta({ id: 'MyToken' });

export function registerMeRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/me', async (c) => {
    const caller = c.get('caller');
    const who = await describeCaller(caller);
    if (!who) throw new AppError('unauthorized', 'The person or key of this token no longer exists.');
    return c.json({
      person_id: caller.personId,
      tenant_id: caller.tenantId,
      roles: caller.roles,
      ...(caller.appId ? { app_id: caller.appId } : {}),
      name: who.name,
      email: who.email,
    });
  });

  app.get('/api/v1/me/tokens', async (c) => {
    return c.json({ data: await listMyTokens(await contextForCaller(c.get('caller'))) });
  });

  app.delete('/api/v1/me/tokens/:id', async (c) => {
    await revokeMyToken(await contextForCaller(c.get('caller')), c.req.param('id'));
    return c.body(null, 204);
  });

  app.get('/api/v1/me/preferences', async (c) => {
    return c.json(await getMyPreferences(await contextForCaller(c.get('caller')), localeFromAcceptLanguage(c.req.header('accept-language'))));
  });

  app.put('/api/v1/me/preferences', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json(await setMyPreferences(ctx, await readJson(c), localeFromAcceptLanguage(c.req.header('accept-language'))));
  });

  const registry = app.openAPIRegistry;
  const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
  registry.registerPath({
    method: 'get', path: '/api/v1/me', tags: ['Auth'], summary: 'The caller',
    description: 'For an integration key, `person_id` is the key’s own id and `email` is null.',
    responses: { 200: { description: 'The caller', content: { 'application/json': { schema: meSchema } } }, 401: unauthorized },
  });
  const noKeys = problem('Integration keys have no preferences.');
  registry.registerPath({
    method: 'get', path: '/api/v1/me/preferences', tags: ['Auth'], summary: 'My locale and time zone',
    description: 'Every screen shows dates, times and numbers in these. Until the person chooses, the browser’s own are taken on the first visit; before that, the request’s `Accept-Language` and UTC (`defaulted: true`).',
    responses: { 200: { description: 'My preferences', content: { 'application/json': { schema: myPreferencesSchema } } }, 401: unauthorized, 403: noKeys },
  });
  registry.registerPath({
    method: 'put', path: '/api/v1/me/preferences', tags: ['Auth'], summary: 'Set my locale and time zone',
    description: 'Sets the fields given (one left out keeps its value). `locale`: a BCP 47 locale the server supports; `time_zone`: an IANA zone name (not an offset). Stored in canonical form.',
    request: { body: { content: { 'application/json': { schema: myPreferencesInputSchema } } } },
    responses: {
      200: { description: 'My preferences now', content: { 'application/json': { schema: myPreferencesSchema } } },
      401: unauthorized,
      403: noKeys,
      422: problem('An unsupported locale, a time zone that is not an IANA name, or an unknown field (named in `errors`).'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/v1/me/tokens', tags: ['Auth'], summary: 'My sessions and API tokens that still work',
    responses: {
      200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ data: z.array(myTokenSchema) }) } } },
      401: unauthorized,
      403: problem('Integration keys have no sessions or tokens.'),
    },
  });
  registry.registerPath({
    method: 'delete', path: '/api/v1/me/tokens/{id}', tags: ['Auth'], summary: 'Revoke one of my sessions or tokens, at once',
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Revoked' }, 401: unauthorized, 404: problem('Not one of your active sessions or tokens.') },
  });
}
