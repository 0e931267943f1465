/**
 * Sign-in with email and password, the one flow behind both doors (next-auth's Credentials provider for
 * the browser, POST /api/v1/auth/token for the API): throttle, verify, log, upgrade the hash.
 */
import type { Identity } from '@/lib/data/accounts';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { systemTenantDb } from '@/lib/data/system';
import { recordSecurityEvent } from '@/lib/security/events';
import { beginSignInAttempt, signInAttemptFailed, signInAttemptSucceeded, type ThrottleScope } from '@/lib/security/throttle';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';

export type PasswordSignIn =
  | { outcome: 'signed_in'; identity: Identity }
  | { outcome: 'wrong' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

type Found = NonNullable<Awaited<ReturnType<typeof findIdentityByEmail>>>;

async function logThrottled(found: Found, address: string, scope: ThrottleScope, retryAfterSeconds: number): Promise<void> {
  const db = await systemTenantDb('sign-in-throttle', found.tenantId);
  await recordSecurityEvent(db, {
    kind: 'sign_in_throttled',
    subjectId: found.personId,
    ip: address,
    detail: { scope, retry_after_seconds: retryAfterSeconds },
  });
}

/** Replaces a hash made with older parameters, now that the password is known to be right. */
async function upgradeHash(found: Found, password: string): Promise<void> {
  if (!found.passwordHash || !needsRehash(found.passwordHash)) return;
  const db = await systemTenantDb('sign-in', found.tenantId);
  await db
    .updateTable('people')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', found.personId)
    .where('password_hash', '=', found.passwordHash)
    .execute();
}

export async function signInWithPassword(email: string, password: string, address: string, now = new Date()): Promise<PasswordSignIn> {
  const [attempt, found] = await Promise.all([beginSignInAttempt(email, address, now), findIdentityByEmail(email)]);
  if (attempt.throttled) return { outcome: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };

  // An unknown email (or a person without a password) costs the same hash as a wrong password.
  const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
  if (found && found.passwordHash && ok) {
    await signInAttemptSucceeded(attempt);
    await upgradeHash(found, password);
    const { passwordHash: _hash, ...identity } = found;
    return { outcome: 'signed_in', identity };
  }

  const lock = await signInAttemptFailed(attempt);
  if (found) {
    const db = await systemTenantDb('sign-in-throttle', found.tenantId);
    await recordSecurityEvent(db, { kind: 'sign_in_failed', subjectId: found.personId, ip: address, detail: { method: 'password' } });
    if (lock) await logThrottled(found, address, lock.scope, lock.retryAfterSeconds);
  }
  return { outcome: 'wrong' };
}
