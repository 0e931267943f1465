/**
 * The REST API: a Hono app served by server.ts at /api/v1 and /api/health, over the same domain layer as
 * the screens. Errors of every kind leave as problem+json; nothing a client sends reaches a 500.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { issuePersonalToken } from '@/lib/auth/personal-token';
import { databaseAnswers } from '@/lib/data/health';
import { systemTenantDb } from '@/lib/data/system';
import { AppError } from '@/lib/errors';
import { clientAddressOfHonoEnv } from '@/lib/http/client-address';
import { PROBLEM_CONTENT_TYPE, problemOf, toProblem } from '@/lib/http/problem';
import { API_CONTENT_SECURITY_POLICY, commonSecurityHeaders, servedOverHttps } from '@/lib/http/security-headers';
import { parseInput } from '@/lib/operations/validate';
import { readJson } from './body';
import { apiBodyLimit } from './body-limit';
import { resolveCaller } from './caller';
import { registerDirectoryRoutes } from './directory';
import { registerDocumentRoutes, registerPublicDocumentRoutes } from './documents';
import { registerJobRoutes } from './jobs';
import { registerMeRoutes } from './me';
import { registerNotificationRoutes } from './notifications';
import { registerPeopleLifecycleRoutes } from './people-lifecycle';
import { registerPolicyRoutes } from './policies';
import { openApiDocument, registerOpenApi } from './openapi';
import { registerRecordReadRoutes, registerRecordRoutes, type ApiEnv } from './records';
import { createScimApp } from './scim';
import { registerSearchRoutes } from './search';
import { registerSecurityEventRoutes } from './security-events';
import { registerSlaRoutes } from './sla';
import { registerWebhookRoutes } from './webhooks';

const HEADERS_HTTPS = Object.entries(commonSecurityHeaders(true));
const HEADERS_HTTP = Object.entries(commonSecurityHeaders(false));

const credentials = z.object({ email: z.string().trim().min(1, 'Required').max(320), password: z.string().min(1, 'Required').max(1000) });

export function createApiApp() {
  const app = new OpenAPIHono<ApiEnv>();

  app.onError((error, c) => {
    const body = toProblem(error);
    if (body.status >= 500) console.error(`[api] ${c.req.method} ${c.req.path}:`, error);
    const headers: Record<string, string> = { 'Content-Type': PROBLEM_CONTENT_TYPE };
    if (typeof body.retry_after === 'number') headers['Retry-After'] = String(body.retry_after);
    return c.body(JSON.stringify(body), body.status as 500, headers);
  });
  app.notFound((c) =>
    c.body(JSON.stringify(problemOf('not_found', `No such endpoint: ${c.req.method} ${c.req.path}.`)), 404, {
      'Content-Type': PROBLEM_CONTENT_TYPE,
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    // Set on the response's own headers: `c.header()` after the handler would rebuild the response around a
    // stream of its body (a WHATWG Response per request, issue 13), where these headers are just added.
    const headers = c.res.headers;
    // A handler may set its own framing rule (a document's PDF may be framed by the app's own pages).
    const ownPolicy = headers.get('Content-Security-Policy');
    const sameOriginFrames = headers.get('X-Frame-Options') === 'SAMEORIGIN';
    const https = servedOverHttps(c.req.header('x-forwarded-proto'));
    for (const [name, value] of https ? HEADERS_HTTPS : HEADERS_HTTP) headers.set(name, value);
    if (sameOriginFrames) headers.set('X-Frame-Options', 'SAMEORIGIN');
    headers.set('Content-Security-Policy', ownPolicy ?? API_CONTENT_SECURITY_POLICY);
    headers.set('Cache-Control', 'no-store');
  });

  // Before every route, the unauthenticated token endpoint included: no body larger than 1 MB is read.
  app.use('/api/v1/*', apiBodyLimit);
  app.use('/scim/v2/*', apiBodyLimit);
  // SCIM 2.0 (lib/api/scim.ts): its own bearer token and error format, beside /api/v1.
  app.route('/scim/v2', createScimApp());

  app.get('/api/health', async (c) => {
    if (await databaseAnswers()) return c.json({ status: 'ok', db: 'ok' });
    return c.json({ status: 'error', db: 'unavailable' }, 503);
  });

  app.post('/api/v1/auth/token', async (c) => {
    const body = parseInput(credentials, await readJson(c));
    const signIn = await signInWithPassword(body.email, body.password, clientAddressOfHonoEnv(c.env, c.req.header('x-forwarded-for')));
    if (signIn.outcome === 'throttled') {
      const minutes = Math.ceil(signIn.retryAfterSeconds / 60);
      throw new AppError('rate_limited', `Too many failed sign-ins from here; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
        extensions: { retry_after: signIn.retryAfterSeconds },
      });
    }
    if (signIn.outcome === 'wrong') throw new AppError('unauthorized', 'Wrong email or password.');
    const { identity } = signIn;
    const tenant = await systemTenantDb('sign-in', identity.tenantId);
    return c.json(await issuePersonalToken(tenant, identity, c.req.header('user-agent') ?? null));
  });

  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument(app)));
  // Public document verification (engine.md §7): before the caller is resolved, so no credentials.
  registerPublicDocumentRoutes(app);

  // Get and list of the record types check their caller inside their own read (one statement, issue 13).
  registerRecordReadRoutes(app);

  app.use('/api/v1/*', async (c, next) => {
    c.set('caller', await resolveCaller(c));
    await next();
  });

  registerMeRoutes(app);
  registerNotificationRoutes(app);
  registerSecurityEventRoutes(app);
  registerJobRoutes(app);
  registerPeopleLifecycleRoutes(app);
  registerWebhookRoutes(app);
  registerDirectoryRoutes(app);
  registerPolicyRoutes(app);
  registerSlaRoutes(app);
  // Before the record routes: /operations/hr-requests/{id}/document is not one of the type's actions.
  registerDocumentRoutes(app);
  registerSearchRoutes(app);
  registerRecordRoutes(app);
  registerOpenApi(app);
  return app;
}
