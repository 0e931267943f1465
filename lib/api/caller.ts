/**
 * Who is calling the REST API: a bearer token (person token or integration key), or the browser's
 * next-auth session cookie for the app's own pages. A cookie-authenticated mutating call must carry a
 * same-origin Origin header (CSRF).
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { getToken } from 'next-auth/jwt';
import type { Caller } from '@/lib/auth/caller';
import { authSecret } from '@/lib/auth/secret';
import { verifyToken } from '@/lib/auth/tokens';
import { callerFromClaims } from '@/lib/data/accounts';
import { resolveSession } from '@/lib/data/auth-sessions';
import { AppError } from '@/lib/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return false;
  try {
    const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function resolveCaller(c: Context): Promise<Caller> {
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError('unauthorized', 'Use Authorization: Bearer <token>.');
    return callerFromClaims(await verifyToken(match[1]));
  }
  const cookies = getCookie(c);
  if (cookies['next-auth.session-token'] || cookies['__Secure-next-auth.session-token']) {
    const token = await getToken({
      // next-auth reads req.cookies; real headers would make it try the bearer path.
      req: { cookies, headers: {} } as never,
      secret: authSecret(),
      secureCookie: !!cookies['__Secure-next-auth.session-token'],
    });
    if (token?.personId && token.tenantId) {
      // The session row, not the cookie, says whether the session still works and what roles it has.
      const principal = token.sid ? await resolveSession(token.tenantId, token.sid, token.personId) : undefined;
      if (!principal) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
      if (!SAFE_METHODS.has(c.req.method) && !sameOrigin(c)) {
        throw new AppError('forbidden', 'A cookie-authenticated change must come from this site (Origin header).');
      }
      return { tenantId: principal.tenantId, personId: principal.personId, roles: principal.roles, appId: null, sourceType: 'api', sessionId: principal.sessionId };
    }
  }
  throw new AppError('unauthorized', 'Sign in, or send Authorization: Bearer <token> (POST /api/v1/auth/token).');
}
