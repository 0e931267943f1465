/**
 * API bearer tokens (api.md, "Who is calling"): JWTs signed HS256 with AUTH_SECRET, claims sub (person),
 * tenant_id, roles, exp, and for integration keys app_id and jti.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { authSecret } from './secret';

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant_id: z.string().min(1),
  roles: z.array(z.enum(ROLES)),
  app_id: z.string().min(1).optional(),
  jti: z.string().optional(),
  exp: z.number(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

const key = () => new TextEncoder().encode(authSecret());

export async function signToken(claims: {
  personId: string;
  tenantId: string;
  roles: readonly Role[];
  appId?: string;
  jti?: string;
  expiresAt?: Date;
}): Promise<{ token: string; expires_at: string }> {
  const expiresAt = claims.expiresAt ?? new Date(Date.now() + TOKEN_TTL_SECONDS * 1000);
  let jwt = new SignJWT({ tenant_id: claims.tenantId, roles: [...claims.roles], ...(claims.appId ? { app_id: claims.appId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.personId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000));
  if (claims.jti) jwt = jwt.setJti(claims.jti);
  return { token: await jwt.sign(key()), expires_at: expiresAt.toISOString() };
}

/**
 * Tokens whose signature and claims were already checked, by their exact text. A client sends the same
 * token on every call; its signature cannot change, so checking it once per process is enough — WebCrypto's
 * HMAC was the largest single cost of an API read (issue 13). What may change is checked on every call:
 * expiry here, and revocation and the person's roles by the caller's session read (lib/data/accounts.ts).
 * Bounded (oldest first out), and tied to the secret they were checked with.
 */
const VERIFIED_MAX = 1000;
const verified = new Map<string, { secret: string; claims: TokenClaims }>();

const expired = () => new AppError('unauthorized', 'The token has expired. Get a new one.');

export async function verifyToken(token: string): Promise<TokenClaims> {
  const secret = authSecret();
  const known = verified.get(token);
  if (known && known.secret === secret) {
    // jose's rule: expired once exp is at or before the current whole second.
    if (known.claims.exp <= Math.floor(Date.now() / 1000)) {
      verified.delete(token);
      throw expired();
    }
    return known.claims;
  }
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ['HS256'] });
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw new AppError('unauthorized', 'The token is missing required claims.');
    if (parsed.data.app_id && !parsed.data.jti) throw new AppError('unauthorized', 'An integration key must carry its jti.');
    const claims = Object.freeze({ ...parsed.data, roles: Object.freeze([...parsed.data.roles]) as Role[] });
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
    verified.set(token, { secret, claims });
    return claims;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired) throw expired();
    throw new AppError('unauthorized', 'The token is not valid.');
  }
}
