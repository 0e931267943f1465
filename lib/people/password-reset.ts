/**
 * Password reset by email, for people who sign in with a password:
 * - requestPasswordReset answers the same whatever the email (exists or not, password or SSO account,
 *   deactivated), in about the same time (a floor the real work stays under), and is throttled like
 *   sign-in (lib/security/throttle.ts: per email + address and per address);
 * - the link works once, for 1 hour, while the person is active;
 * - resetting sets the new password (argon2id, the policy of password-policy.ts) and ends every session
 *   and personal token the person had, wherever it was opened.
 */
import { ulid } from 'ulidx';
import { hashPassword } from '@/lib/auth/password';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { systemTenantDb } from '@/lib/data/system';
import { invalid, invalidField } from '@/lib/errors';
import { queueEmail } from '@/lib/notifications/email';
import { recordSecurityEvent } from '@/lib/security/events';
import { beginSignInAttempt } from '@/lib/security/throttle';
import { passwordResetEmail } from './emails';
import { consumeLink, issueLink, openLink } from './links';
import { passwordProblem } from './password-policy';

/** Every request takes at least this long, so the time taken does not tell whether a mail was sent. */
export const RESET_RESPONSE_FLOOR_MS = 400;

export const RESET_REQUESTED_MESSAGE = 'If an account with a password uses this email, we have sent it a link to reset the password. The link works once, for 1 hour.';

export type ResetRequestOutcome = { outcome: 'requested' } | { outcome: 'throttled'; retryAfterSeconds: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendResetIfAccount(email: string, address: string, now: Date): Promise<void> {
  const found = await findIdentityByEmail(email);
  if (!found?.passwordHash) return;
  const db = await systemTenantDb('email-link', found.tenantId);
  await db.transaction(async (tdb) => {
    const { token } = await issueLink(tdb, { id: `lnk_${ulid()}`, personId: found.personId, kind: 'password_reset', createdBy: null, now });
    const message = passwordResetEmail({ name: found.name.split(/\s+/)[0] ?? found.name, token });
    await queueEmail(tdb, { id: `eml_${ulid()}`, recipientId: found.personId, to: found.email, kind: 'password_reset', email: message, now: now.toISOString() });
    await recordSecurityEvent(tdb, { kind: 'password_reset_requested', subjectId: found.personId, ip: address, at: now });
  });
}

export async function requestPasswordReset(rawEmail: unknown, address: string, now = new Date()): Promise<ResetRequestOutcome> {
  const started = Date.now();
  const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase().slice(0, 320) : '';
  if (!email || !email.includes('@')) throw invalidField('email', 'Expected an email address');
  // Counted like sign-in attempts, under their own key: the same limits whether the email exists or not.
  const attempt = await beginSignInAttempt(`password-reset:${email}`, address, now);
  if (attempt.throttled) return { outcome: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  try {
    await sendResetIfAccount(email, address, now);
  } catch (error) {
    // A failure here must not answer differently from "no such account"; it is logged for operators.
    console.error('[password-reset]', error);
  }
  const left = RESET_RESPONSE_FLOOR_MS - (Date.now() - started);
  if (left > 0) await sleep(left);
  return { outcome: 'requested' };
}

/** Opens a reset link for the page: whether it works, and for whom (the page greets them by name). */
export async function describeResetLink(token: unknown, now = new Date()) {
  const opened = await openLink(token, 'password_reset', now);
  return { state: opened.state, name: opened.state === 'valid' ? (opened.link?.name ?? null) : null };
}

export async function resetPassword(token: unknown, password: unknown, now = new Date()): Promise<{ email: string; sessionsEnded: number }> {
  const opened = await openLink(token, 'password_reset', now);
  if (opened.state !== 'valid' || !opened.link) {
    throw invalidField('token', opened.state === 'expired' ? 'This link has expired: ask for a new one.' : opened.state === 'used' ? 'This link has been used already: ask for a new one.' : 'This link is not valid: ask for a new one.');
  }
  const link = opened.link;
  const problem = passwordProblem(password, link.email);
  if (problem) throw invalid([{ path: 'password', message: problem }], problem);
  const hash = await hashPassword(password as string);
  const db = await systemTenantDb('email-link', link.tenantId);
  return db.transaction(async (tdb) => {
    if (!(await consumeLink(tdb, link.id, now))) throw invalidField('token', 'This link has been used already: ask for a new one.');
    await tdb.updateTable('people').set({ password_hash: hash, updated_at: now.toISOString() }).where('id', '=', link.personId).where('active', '=', true).execute();
    const ended = await tdb
      .updateTable('auth_sessions')
      .set({ revoked_at: now.toISOString() })
      .where('person_id', '=', link.personId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await recordSecurityEvent(tdb, { kind: 'password_reset_completed', actorId: link.personId, subjectId: link.personId, detail: { sessions_ended: ended.length }, at: now });
    return { email: link.email, sessionsEnded: ended.length };
  });
}
