/**
 * The REST API: a Hono app served by server.ts at /api/v1 and /api/health, over the same domain layer as
 * the screens. Errors of every kind leave as problem+json; nothing a client sends reaches a 500.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { signToken } from '@/lib/auth/tokens';
import { authenticate, loadIdentity } from '@/lib/data/accounts';
import { databaseAnswers } from '@/lib/data/health';
import { AppError } from '@/lib/errors';
import { PROBLEM_CONTENT_TYPE, problemOf, toProblem } from '@/lib/http/problem';
import { parseInput } from '@/lib/operations/validate';
import { readJson } from './body';
import { resolveCaller } from './caller';
import { openApiDocument, registerOpenApi } from './openapi';
import { registerRecordRoutes, type ApiEnv } from './records';
import { assertNotThrottled, recordFailure } from './rate-limit';

const credentials = z.object({ email: z.string().trim().min(1, 'Required').max(320), password: z.string().min(1, 'Required').max(1000) });

export function createApiApp() {
  const app = new OpenAPIHono<ApiEnv>();

  app.onError((error, c) => {
    const body = toProblem(error);
    if (body.status >= 500) console.error(`[api] ${c.req.method} ${c.req.path}:`, error);
    return c.body(JSON.stringify(body), body.status as 500, { 'Content-Type': PROBLEM_CONTENT_TYPE });
  });
  app.notFound((c) =>
    c.body(JSON.stringify(problemOf('not_found', `No such endpoint: ${c.req.method} ${c.req.path}.`)), 404, {
      'Content-Type': PROBLEM_CONTENT_TYPE,
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/health', async (c) => {
    if (await databaseAnswers()) return c.json({ status: 'ok', db: 'ok' });
    return c.json({ status: 'error', db: 'unavailable' }, 503);
  });

  app.post('/api/v1/auth/token', async (c) => {
    const body = parseInput(credentials, await readJson(c));
    const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
    const key = `token:${ip}:${body.email.toLowerCase()}`;
    assertNotThrottled(key, 10, 60_000);
    const identity = await authenticate(body.email, body.password);
    if (!identity) {
      recordFailure(key, 60_000);
      throw new AppError('unauthorized', 'Wrong email or password.');
    }
    return c.json(await signToken({ personId: identity.personId, tenantId: identity.tenantId, roles: identity.roles }));
  });

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument(app)));

  app.use('/api/v1/*', async (c, next) => {
    c.set('caller', await resolveCaller(c));
    await next();
  });

  app.get('/api/v1/me', async (c) => {
    const caller = c.get('caller');
    const identity = await loadIdentity(caller.tenantId, caller.personId);
    if (!identity) throw new AppError('unauthorized', 'The person of this token no longer exists.');
    return c.json({
      person_id: caller.personId,
      tenant_id: caller.tenantId,
      roles: caller.roles,
      ...(caller.appId ? { app_id: caller.appId } : {}),
      name: identity.name,
      email: identity.email,
    });
  });

  registerRecordRoutes(app);
  registerOpenApi(app);
  return app;
}
