/**
 * The sign-in throttle, shared by the browser's sign-in (next-auth) and the API's token endpoint, and by
 * every app instance (the attempts live in the database, table sign_in_failures).
 *
 * Failures are counted per account + client address and per client address, never per account alone:
 * an attacker guessing from elsewhere fills only their own buckets, so they cannot lock the real person
 * out of their own sign-in. Only failures count, and a success clears that account's failures from that
 * address.
 *
 * Each attempt is written before the password is checked and counted after the write, so that a burst of
 * concurrent guesses cannot all slip under the limit: the k-th attempt to commit sees at least k rows.
 */
import { createHmac } from 'node:crypto';
import { ulid } from 'ulidx';
import { authSecret } from '@/lib/auth/secret';
import { systemDb } from '@/lib/data/system';
import { purgeRateLimitRows } from '@/lib/security/rate-limit-rows';

export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Wrong passwords for one account from one address. */
  perAccountAndAddress: 5,
  /** Wrong passwords from one address, whatever the account (an office behind one NAT shares it). */
  perAddress: 50,
};

export type SignInAttempt =
  | { throttled: false; id: string; accountKey: string; address: string; now: Date }
  | { throttled: true; retryAfterSeconds: number; scope: ThrottleScope };

export type ThrottleScope = 'account_and_address' | 'address';

/** The account as a keyed hash: the table never holds an email, nor a password typed into the email field. */
function accountKeyOf(email: string): string {
  return createHmac('sha256', authSecret()).update(`sign-in:${email.trim().toLowerCase()}`).digest('base64url');
}

async function counts(accountKey: string, address: string, since: Date) {
  const db = await systemDb('sign-in-throttle');
  const row = await db
    .selectFrom('sign_in_failures')
    .select((eb) => [
      eb.fn.countAll<string>().as('address_count'),
      eb.fn.countAll<string>().filterWhere('account_key', '=', accountKey).as('account_count'),
    ])
    .where('address', '=', address)
    .where('created_at', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return { address: Number(row.address_count), account: Number(row.account_count) };
}

/** Seconds until fewer than `limit` of the counted failures remain in the window. */
async function retryAfter(scope: ThrottleScope, accountKey: string, address: string, limit: number, now: Date): Promise<number> {
  const db = await systemDb('sign-in-throttle');
  let query = db
    .selectFrom('sign_in_failures')
    .select('created_at')
    .where('address', '=', address)
    .where('created_at', '>', new Date(now.getTime() - SIGN_IN_LIMITS.windowMs).toISOString());
  if (scope === 'account_and_address') query = query.where('account_key', '=', accountKey);
  const row = await query.orderBy('created_at', 'desc').offset(limit - 1).limit(1).executeTakeFirst();
  const freeAt = row ? new Date(row.created_at).getTime() + SIGN_IN_LIMITS.windowMs : now.getTime();
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}

/** Attempts past their time (lib/security/rate-limit-rows.ts). */
export function purgeSignInFailures(now: Date): Promise<number> {
  return purgeRateLimitRows('sign-in-throttle', 'sign_in_failures', SIGN_IN_LIMITS.windowMs, now);
}

/** Opens an attempt: throttled (nothing written), or recorded as a failure until it is proven right. */
export async function beginSignInAttempt(email: string, address: string, now = new Date()): Promise<SignInAttempt> {
  const db = await systemDb('sign-in-throttle');
  const accountKey = accountKeyOf(email);
  const id = `sif_${ulid(now.getTime())}`;
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  await purgeSignInFailures(now);
  await db.insertInto('sign_in_failures').values({ id, account_key: accountKey, address, created_at: now }).execute();
  const seen = await counts(accountKey, address, since);
  const scope: ThrottleScope | undefined =
    seen.account > SIGN_IN_LIMITS.perAccountAndAddress ? 'account_and_address' : seen.address > SIGN_IN_LIMITS.perAddress ? 'address' : undefined;
  if (!scope) return { throttled: false, id, accountKey, address, now };
  // A refused attempt is not a failure: it must not push the end of the lock further out.
  await db.deleteFrom('sign_in_failures').where('id', '=', id).execute();
  const limit = scope === 'address' ? SIGN_IN_LIMITS.perAddress : SIGN_IN_LIMITS.perAccountAndAddress;
  return { throttled: true, scope, retryAfterSeconds: await retryAfter(scope, accountKey, address, limit, now) };
}

/** The password was right: this account's failures from this address are forgiven. */
export async function signInAttemptSucceeded(attempt: Extract<SignInAttempt, { throttled: false }>): Promise<void> {
  const db = await systemDb('sign-in-throttle');
  await db.deleteFrom('sign_in_failures').where('account_key', '=', attempt.accountKey).where('address', '=', attempt.address).execute();
}

/**
 * The password was wrong: the attempt stays counted. Answers the lock this failure engaged, if any (the
 * moment worth a security event; later refusals are not logged one by one).
 */
export async function signInAttemptFailed(
  attempt: Extract<SignInAttempt, { throttled: false }>,
): Promise<{ scope: ThrottleScope; retryAfterSeconds: number } | undefined> {
  const seen = await counts(attempt.accountKey, attempt.address, new Date(attempt.now.getTime() - SIGN_IN_LIMITS.windowMs));
  const scope: ThrottleScope | undefined =
    seen.account === SIGN_IN_LIMITS.perAccountAndAddress ? 'account_and_address' : seen.address === SIGN_IN_LIMITS.perAddress ? 'address' : undefined;
  if (!scope) return undefined;
  const limit = scope === 'address' ? SIGN_IN_LIMITS.perAddress : SIGN_IN_LIMITS.perAccountAndAddress;
  return { scope, retryAfterSeconds: await retryAfter(scope, attempt.accountKey, attempt.address, limit, attempt.now) };
}
