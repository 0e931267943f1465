'use server';

/**
 * The confirm step of an approve/reject link from an approver's email (lib/notifications/email-decisions.ts).
 * No sign-in needed: the link is the credential. Whoever is signed in in this browser is passed along, so
 * a link opened while someone else is signed in is refused and stays unused.
 */
import { emailLinkViewer, requestAddress } from '@/lib/auth/email-link-viewer';
import { confirmEmailLink, type ConfirmResult } from '@/lib/notifications/email-decisions';

export async function confirmEmailLinkAction(token: string, comment: string): Promise<ConfirmResult> {
  if (typeof token !== 'string' || token.length > 200) return { view: { state: 'invalid' } };
  const text = typeof comment === 'string' ? comment : '';
  try {
    return await confirmEmailLink(token, { comment: text }, await emailLinkViewer(), { address: await requestAddress() });
  } catch (error) {
    console.error('[email-link]', error);
    return { view: { state: 'invalid' }, error: { path: 'form', message: 'Something went wrong on our side. Please try again.' } };
  }
}
