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
import { verifyToken, type TokenClaims } from '@/lib/auth/tokens';
import { callerFromKey } from '@/lib/data/accounts';
import { resolveSession } from '@/lib/data/auth-sessions';
import { checkedRead, type SessionCredential } from '@/lib/data/checked-read';
import { contextForCaller } from '@/lib/data/database';
import type { Ctx } from '@/lib/data/context';
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

/** What the request presents, its signature checked: an integration key, or a session (token or cookie) still to check. */
type Presented = { kind: 'key'; claims: TokenClaims } | { kind: 'session'; credential: SessionCredential; cookie: boolean; ended: string };

async function presented(c: Context): Promise<Presented> {
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError('unauthorized', 'Use Authorization: Bearer <token>.');
    const claims = await verifyToken(match[1]);
    if (claims.app_id) return { kind: 'key', claims };
    if (!claims.jti) throw new AppError('unauthorized', 'This token predates server-side sessions. Get a new one.');
    return {
      kind: 'session',
      credential: { tenantId: claims.tenant_id, personId: claims.sub, sessionId: claims.jti, claimedRoles: claims.roles, sourceType: 'api' },
      cookie: false,
      ended: 'This token has been revoked, or its person no longer exists.',
    };
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
      if (!token.sid) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
      return {
        kind: 'session',
        credential: { tenantId: token.tenantId, personId: token.personId, sessionId: token.sid, claimedRoles: token.roles ?? [], sourceType: 'api' },
        cookie: true,
        ended: 'Your session has ended. Sign in again.',
      };
    }
  }
  throw new AppError('unauthorized', 'Sign in, or send Authorization: Bearer <token> (POST /api/v1/auth/token).');
}

function checkCsrf(c: Context, p: Presented): void {
  if (p.kind === 'session' && p.cookie && !SAFE_METHODS.has(c.req.method) && !sameOrigin(c)) {
    throw new AppError('forbidden', 'A cookie-authenticated change must come from this site (Origin header).');
  }
}

/**
 * The caller, with roles read from the database on this request: a personal token or browser session
 * names its auth_sessions row (the person's current roles; refused once revoked or the person is gone); an
 * integration key is its own principal (lib/data/accounts.ts `callerFromKey`).
 */
export async function resolveCaller(c: Context): Promise<Caller> {
  const p = await presented(c);
  if (p.kind === 'key') return callerFromKey(p.claims);
  const { credential } = p;
  const principal = await resolveSession(credential.tenantId, credential.sessionId, credential.personId);
  if (!principal) throw new AppError('unauthorized', p.ended);
  checkCsrf(c, p);
  return { tenantId: principal.tenantId, personId: principal.personId, roles: principal.roles, appId: null, sourceType: credential.sourceType, sessionId: principal.sessionId };
}

/**
 * A read (GET) as the caller, its session checked in the read's own first statement (lib/data/checked-read.ts):
 * one round trip for a get or a list page instead of two. The same refusals as `resolveCaller`.
 */
export async function readAsCaller<T>(c: Context, read: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (!SAFE_METHODS.has(c.req.method)) throw new Error('readAsCaller is for reads (GET) only');
  const p = await presented(c);
  if (p.kind === 'key') return read(await contextForCaller(await callerFromKey(p.claims)));
  const checked = await checkedRead(p.credential, read);
  if (!checked) throw new AppError('unauthorized', p.ended);
  return checked.result;
}
