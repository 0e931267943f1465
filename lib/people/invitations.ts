/**
 * Invitations (engine.md §3a): an admin invites people by email — one, a list, or the rows of a CSV file
 * (name, email, manager, roles). Each becomes a person of the tenant (an employee unless roles say more)
 * with no password yet, and gets an email with a single-use link valid 7 days. The invitee sets a
 * password on the public page (acceptInvitation) or signs in with SSO with the same verified email.
 * Inviting someone again who has not accepted sends a fresh link (the old one stops working).
 */
import { z } from 'zod';
import { ROLES, type Database, type Role } from '@/db/schema';
import { within, type Ctx } from '@/lib/data/context';
import { systemTenantDb } from '@/lib/data/system';
import { assertDirectoryAdmin } from '@/lib/directory/common';
import { createDirectoryPerson } from '@/lib/directory/people';
import { AppError, invalid, invalidField, isAppError, type FieldError } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { queueEmail } from '@/lib/notifications/email';
import { parseInput } from '@/lib/operations/validate';
import { recordSecurityEvent } from '@/lib/security/events';
import type { ExpressionBuilder } from 'kysely';
import { invitationEmail } from './emails';
import { consumeLink, issueLink, openLink } from './links';
import { passwordProblem } from './password-policy';

export const INVITATIONS_MAX = 500;

const email = z.string().trim().toLowerCase().max(320, 'At most 320 characters').pipe(z.email('Expected an email address'));

export const invitationsCreateSchema = z
  .object({ emails: z.array(email).min(1, 'Give at least one email').max(INVITATIONS_MAX, `At most ${INVITATIONS_MAX} at once`) })
  .strict()
  .meta({ id: 'InvitationsCreate' });

export const invitationResultSchema = z
  .object({
    email: z.string(),
    status: z.enum(['invited', 'reinvited', 'failed']),
    person_id: z.string().nullable(),
    invitation_id: z.string().nullable(),
    expires_at: z.string().nullable(),
    error: z.string().nullable().meta({ description: 'Why this one was not invited (an email in use, an unknown manager…).' }),
  })
  .meta({ id: 'InvitationResult' });

export type InvitationResult = z.infer<typeof invitationResultSchema>;

export interface InvitationRow {
  email: string;
  name?: string | null;
  manager_id?: string | null;
  roles?: Role[];
}

/** "jane.o-doe" → "Jane O Doe": a name to start with until the person or an admin sets it. */
export function nameFromEmail(address: string): string {
  const local = address.split('@')[0] ?? address;
  const words = local.split(/[._+-]+/).filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
  return name.slice(0, 200) || address;
}

async function inviteOne(ctx: Ctx, row: InvitationRow, inviterName: string, tenantName: string): Promise<InvitationResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const existing = await tdb
      .selectFrom('people')
      .select(['id', 'name', 'active', 'password_hash'])
      .where((eb: ExpressionBuilder<Database, 'people'>) => eb(eb.fn('lower', ['email']), '=', row.email))
      .executeTakeFirst();
    let person: { id: string; name: string };
    let status: 'invited' | 'reinvited';
    if (existing) {
      if (!existing.active) throw new AppError('conflict', 'This person is deactivated: reactivate them in People first.');
      if (existing.password_hash) throw new AppError('conflict', 'This person already has an account.');
      person = existing;
      status = 'reinvited';
    } else {
      person = await createDirectoryPerson(tx, { email: row.email, name: row.name?.trim() || nameFromEmail(row.email), manager_id: row.manager_id ?? null, roles: row.roles ?? [] });
      status = 'invited';
    }
    const id = ctx.clock.id('lnk');
    const { token, expiresAt } = await issueLink(tdb, { id, personId: person.id, kind: 'invitation', createdBy: ctx.caller.personId, now });
    const message = invitationEmail({ name: person.name.split(/\s+/)[0] ?? person.name, tenantName, inviterName, token });
    await queueEmail(tdb, { id: ctx.clock.id('eml'), recipientId: person.id, to: row.email, kind: 'invitation', email: message, now: now.toISOString() });
    await recordSecurityEvent(tdb, { kind: 'invitation_sent', actorId: ctx.caller.personId, subjectId: person.id, detail: { email: row.email, again: status === 'reinvited' }, at: now });
    return { email: row.email, status, person_id: person.id, invitation_id: id, expires_at: expiresAt, error: null };
  });
}

/** Invites each row on its own: one that fails (an email in use elsewhere) does not stop the others. */
export async function invitePeople(ctx: Ctx, rows: InvitationRow[]): Promise<InvitationResult[]> {
  assertDirectoryAdmin(ctx, 'people');
  const [inviter, tenant] = await Promise.all([
    ctx.db.selectFrom('people').select('name').where('id', '=', ctx.caller.personId).executeTakeFirst(),
    ctx.db.tenant().select('name').executeTakeFirstOrThrow(),
  ]);
  const results: InvitationResult[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.email)) {
      results.push({ email: row.email, status: 'failed', person_id: null, invitation_id: null, expires_at: null, error: 'Listed twice: invited once above.' });
      continue;
    }
    seen.add(row.email);
    try {
      results.push(await inviteOne(ctx, row, inviter?.name ?? 'An administrator', tenant.name));
    } catch (error) {
      if (!isAppError(error)) throw error;
      const detail = error.errors?.[0] ? `${error.errors[0].path}: ${error.errors[0].message}` : error.message;
      results.push({ email: row.email, status: 'failed', person_id: null, invitation_id: null, expires_at: null, error: detail });
    }
  }
  return results;
}

/** POST /people/invitations: `{"emails": [...]}`; 409 when not one of them could be invited. */
export async function inviteByEmails(ctx: Ctx, input: unknown): Promise<InvitationResult[]> {
  assertDirectoryAdmin(ctx, 'people');
  const body = parseInput(invitationsCreateSchema, input);
  const results = await invitePeople(ctx, body.emails.map((address) => ({ email: address })));
  if (results.every((r) => r.status === 'failed')) {
    const errors: FieldError[] = results.map((r, index) => ({ path: `emails.${index}`, message: r.error ?? 'Not invited' }));
    throw new AppError('conflict', errors.length === 1 ? errors[0].message : 'None of these people could be invited.', { errors });
  }
  return results;
}

const ROLE_ALIASES: Record<string, Role> = Object.fromEntries(ROLES.map((role) => [role, role]));

/**
 * The rows of a CSV of people (header `name,email,manager,roles`; manager by email or id; roles separated
 * by spaces or semicolons). Each row is checked; a bad row is reported with its line number.
 */
export async function invitationRowsFromCsv(ctx: Ctx, rows: Record<string, string>[]): Promise<{ rows: (InvitationRow & { line: number })[]; errors: { line: number; email: string; error: string }[] }> {
  // Admins only, before any row is read: a file of bad rows answers a non-admin 403 too, not row errors.
  assertDirectoryAdmin(ctx, 'people');
  const people = await ctx.db.selectFrom('people').select(['id', 'email', 'active']).execute();
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
  const ids = new Set(people.map((p) => p.id));
  const inactive = new Set(people.filter((p) => !p.active).map((p) => p.id));
  const good: (InvitationRow & { line: number })[] = [];
  const errors: { line: number; email: string; error: string }[] = [];
  rows.forEach((raw, index) => {
    const line = index + 2;
    const address = email.safeParse(raw.email ?? '');
    if (!address.success) {
      errors.push({ line, email: raw.email ?? '', error: 'email: Expected an email address' });
      return;
    }
    const managerText = (raw.manager ?? '').trim();
    const manager = managerText ? (byEmail.get(managerText.toLowerCase()) ?? (ids.has(managerText) ? managerText : null)) : null;
    if (managerText && !manager) {
      errors.push({ line, email: address.data, error: `manager: nobody called ${managerText} in your organisation` });
      return;
    }
    if (manager && inactive.has(manager)) {
      errors.push({ line, email: address.data, error: `manager: ${managerText} is deactivated` });
      return;
    }
    const roleWords = (raw.roles ?? '').split(/[\s;|,]+/).map((w) => w.trim().toLowerCase()).filter(Boolean);
    const unknown = roleWords.filter((w) => !ROLE_ALIASES[w]);
    if (unknown.length > 0) {
      errors.push({ line, email: address.data, error: `roles: unknown role ${unknown.join(', ')} (${ROLES.join(', ')})` });
      return;
    }
    good.push({ line, email: address.data, name: (raw.name ?? '').trim().slice(0, 200) || null, manager_id: manager, roles: roleWords.map((w) => ROLE_ALIASES[w]) });
  });
  return { rows: good, errors };
}

/**
 * The invitee sets their password from the link. Answers the email to sign in with; a used, expired or
 * unknown link, or a password the policy refuses, is a 422 naming `token` or `password`.
 */
export async function acceptInvitation(token: unknown, password: unknown, now = new Date()): Promise<{ email: string }> {
  const opened = await openLink(token, 'invitation', now);
  if (opened.state !== 'valid' || !opened.link) {
    throw invalidField('token', opened.state === 'expired' ? 'This invitation has expired: ask your administrator for a new one.' : opened.state === 'used' ? 'This invitation has been used already: sign in.' : 'This invitation link is not valid.');
  }
  const link = opened.link;
  const problem = passwordProblem(password, link.email);
  if (problem) throw invalid([{ path: 'password', message: problem }], problem);
  const hash = await hashPassword(password as string);
  const db = await systemTenantDb('email-link', link.tenantId);
  await db.transaction(async (tdb) => {
    if (!(await consumeLink(tdb, link.id, now))) throw invalidField('token', 'This invitation has been used already: sign in.');
    await tdb.updateTable('people').set({ password_hash: hash, updated_at: now.toISOString() }).where('id', '=', link.personId).where('active', '=', true).execute();
    await recordSecurityEvent(tdb, { kind: 'invitation_accepted', actorId: link.personId, subjectId: link.personId, detail: { method: 'password' }, at: now });
  });
  return { email: link.email };
}
