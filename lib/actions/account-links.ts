'use server';
/**
 * Server actions of the public pages (no sign-in): accepting an invitation, asking for a password reset,
 * setting a new password from a reset link. Thin entry points over lib/people; a domain error answers
 * as `{ ok: false, error, errors }` like every action.
 */
import { headers } from 'next/headers';
import { stampedClientAddress } from '@/lib/http/client-address';
import { acceptInvitation } from '@/lib/people/invitations';
import { RESET_REQUESTED_MESSAGE, requestPasswordReset, resetPassword } from '@/lib/people/password-reset';
import { failureOf, type ActionResult } from './run-action';

export async function acceptInvitationAction(token: string, password: string, confirm: string): Promise<ActionResult<{ email: string }>> {
  if (password !== confirm) return { ok: false, status: 422, error: 'The two passwords differ.', errors: [{ path: 'confirm', message: 'Type the same password twice' }] };
  try {
    return { ok: true, ...(await acceptInvitation(token, password)) };
  } catch (error) {
    return failureOf(error);
  }
}

export async function requestPasswordResetAction(email: string): Promise<ActionResult<{ message: string }>> {
  try {
    const outcome = await requestPasswordReset(email, stampedClientAddress(await headers()));
    if (outcome.outcome === 'throttled') {
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return { ok: false, status: 429, error: `Too many requests from here; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
    }
    return { ok: true, message: RESET_REQUESTED_MESSAGE };
  } catch (error) {
    return failureOf(error);
  }
}

export async function resetPasswordAction(token: string, password: string, confirm: string): Promise<ActionResult<{ email: string }>> {
  if (password !== confirm) return { ok: false, status: 422, error: 'The two passwords differ.', errors: [{ path: 'confirm', message: 'Type the same password twice' }] };
  try {
    const { email } = await resetPassword(token, password);
    return { ok: true, email };
  } catch (error) {
    return failureOf(error);
  }
}
