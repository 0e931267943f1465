'use server';
/** Server actions of the People settings: invitations (emails or a CSV file), a leaver's checklist, the SSO domain and the SCIM token. */
import { revalidatePath } from 'next/cache';
import { invalidField } from '@/lib/errors';
import { offboardingChecklist } from '@/lib/people/checklist';
import { csvRecords } from '@/lib/people/csv';
import { mintScimToken, revokeScimToken, updatePeopleSettings } from '@/lib/people/settings';
import { invitationRowsFromCsv, invitePeople, inviteByEmails, type InvitationResult } from '@/lib/people/invitations';
import { runAction } from './run-action';

export interface InviteRowResult extends InvitationResult {
  line: number | null;
}

/** Emails typed or pasted (separated by commas, spaces or new lines). */
export async function inviteEmailsAction(text: string) {
  return runAction(async (ctx) => {
    const emails = text.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean);
    if (emails.length === 0) throw invalidField('emails', 'Type at least one email');
    const results = await inviteByEmails(ctx, { emails }).catch((error) => {
      // "None could be invited" still shows each reason, row by row.
      if (error?.status === 409 && error.errors) return emails.map((email, i) => ({ email: email.toLowerCase(), status: 'failed' as const, person_id: null, invitation_id: null, expires_at: null, error: error.errors[i]?.message ?? error.message }));
      throw error;
    });
    revalidatePath('/settings');
    return { results: results.map((r) => ({ ...r, line: null })) as InviteRowResult[] };
  });
}

/** A CSV file with name, email, manager (email or id) and roles columns: one result per row. */
export async function inviteCsvAction(csv: string) {
  return runAction(async (ctx) => {
    if (csv.length > 1_000_000) throw invalidField('file', 'At most 1 MB');
    const { records, error } = csvRecords(csv);
    if (error) throw invalidField('file', error);
    const { rows, errors } = await invitationRowsFromCsv(ctx, records);
    const invited = rows.length > 0 ? await invitePeople(ctx, rows) : [];
    const results: InviteRowResult[] = [
      ...invited.map((r, i) => ({ ...r, line: rows[i].line })),
      ...errors.map((e) => ({ email: e.email, status: 'failed' as const, person_id: null, invitation_id: null, expires_at: null, error: e.error, line: e.line })),
    ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    revalidatePath('/settings');
    return { results };
  });
}

export async function offboardingChecklistAction(personId: string) {
  return runAction(async (ctx) => ({ checklist: await offboardingChecklist(ctx, personId) }));
}

export async function savePeopleSettingsAction(jitDomain: string) {
  return runAction(async (ctx) => {
    const settings = await updatePeopleSettings(ctx, { jit_domain: jitDomain.trim() === '' ? null : jitDomain });
    revalidatePath('/settings');
    return { settings };
  });
}

export async function mintScimTokenAction() {
  return runAction(async (ctx) => {
    const minted = await mintScimToken(ctx);
    revalidatePath('/settings');
    return minted;
  });
}

export async function revokeScimTokenAction() {
  return runAction(async (ctx) => {
    await revokeScimToken(ctx);
    revalidatePath('/settings');
    return {};
  });
}
