/**
 * The email channel of notify(): for each new notification whose recipient wants an email of its kind
 * (and is not on the daily digest), a message with the request's key fields, written in the same
 * transaction and sent by the `email.send` job once it commits.
 */
import type { EmailMessagesTable, NotificationKind } from '@/db/schema';

type EmailKind = EmailMessagesTable['kind'];
import type { Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { formatterFor, type Formatter } from '@/lib/format';
import { enqueue } from '@/lib/jobs/runner';
import { typeByName } from '@/lib/operations/registry';
import { preferencesFrom, tenantCurrency } from '@/lib/preferences/preferences';
import { composeNotificationEmail, displayValue, type ComposedEmail, type KeyField } from './compose';
import { createDecisionLink } from './email-links';
import { EMAIL_JOB } from './mailer';
import { preferencesOf } from './preferences';

export interface NewNotification {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  entity_type: string | null;
  entity_id: string | null;
  pending_id?: string | null;
  step_index?: number | null;
}

/** The request's fields worth reading in an email: status, then its form fields that have a value, in the reader's formats. */
export async function keyFields(ctx: Ctx, entityType: string | null, entityId: string | null, format: Formatter): Promise<KeyField[]> {
  const type = entityType ? typeByName(entityType) : undefined;
  if (!type || !entityId) return [];
  const record = (await ctx.db
    .selectFrom(type.table)
    .select(type.columns as never)
    .where('id', '=', entityId)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!record) return [];
  const fields: KeyField[] = [{ label: 'Request', value: type.title(record) }];
  const status = displayValue('select', record.status, format);
  if (status) fields.push({ label: 'Status', value: status });
  for (const [name, spec] of Object.entries(type.fields)) {
    if (!spec.onForm || fields.length >= 8) continue;
    const value = displayValue(spec.input, record[name], format);
    if (value) fields.push({ label: spec.label, value });
  }
  return fields;
}

/** Writes a message and queues its sending (after the transaction commits, the runner picks it up). */
export async function queueEmail(db: TenantDb, message: { id: string; recipientId: string | null; to: string; kind: EmailKind; email: ComposedEmail; now: string }): Promise<void> {
  await db
    .insertInto('email_messages', {
      id: message.id,
      recipient_id: message.recipientId,
      to_address: message.to,
      subject: message.email.subject,
      text_body: message.email.text,
      html_body: message.email.html,
      kind: message.kind,
      created_at: message.now,
    })
    .execute();
  await enqueue(db, { name: EMAIL_JOB, data: { message_id: message.id }, singletonKey: message.id, maxAttempts: 8 });
}

export async function queueNotificationEmails(ctx: Ctx, rows: NewNotification[], addresses: Map<string, string>): Promise<void> {
  const prefs = await preferencesOf(ctx, [...new Set(rows.map((r) => r.recipient_id))]);
  const wanted = rows.filter((r) => {
    const p = prefs.get(r.recipient_id);
    return p && !p.digest && p.email[r.kind];
  });
  if (wanted.length === 0) return;
  const [people, currency] = await Promise.all([
    ctx.db.selectFrom('people').select(['id', 'name', 'locale', 'time_zone']).where('id', 'in', [...new Set(wanted.map((r) => r.recipient_id))]).execute(),
    tenantCurrency(ctx),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const fieldsByEntity = new Map<string, KeyField[]>();
  const now = ctx.clock.now().toISOString();
  for (const row of wanted) {
    // Dates and amounts as the recipient reads them on their screens (the words stay English).
    const prefs = preferencesFrom(byId.get(row.recipient_id));
    const format = formatterFor({ locale: prefs.locale, timeZone: prefs.time_zone, currency });
    // An external approval (an integration's "Expense") has no Opsdesk record: its item holds the fields sent.
    const external = !!row.pending_id && !!row.entity_type && !typeByName(row.entity_type);
    const fieldType: string | null = external ? 'Pending' : row.entity_type;
    const fieldId: string | null = external ? (row.pending_id ?? null) : row.entity_id;
    const key = `${fieldType}:${fieldId}:${format.locale}:${format.timeZone}`;
    if (!fieldsByEntity.has(key)) fieldsByEntity.set(key, await keyFields(ctx, fieldType, fieldId, format));
    const messageId = ctx.clock.id('eml');
    // A step waiting on this person: the email carries its Approve and Reject links (email-links.ts).
    const decisionLinkId =
      row.kind === 'step_assigned' && row.pending_id && row.step_index !== null && row.step_index !== undefined
        ? await createDecisionLink(ctx, { personId: row.recipient_id, pendingId: row.pending_id, stepIndex: row.step_index, messageId })
        : undefined;
    const email = composeNotificationEmail({
      recipientName: byId.get(row.recipient_id)?.name.split(/\s+/)[0] ?? 'there',
      title: row.title,
      body: row.body,
      url: row.url,
      fields: fieldsByEntity.get(key)!,
      decisionLinkId,
    });
    await queueEmail(ctx.db, { id: messageId, recipientId: row.recipient_id, to: addresses.get(row.recipient_id)!, kind: 'notification', email, now });
  }
  await ctx.db.updateTable('notifications').set({ emailed_at: now }).where('id', 'in', wanted.map((r) => r.id)).execute();
}
