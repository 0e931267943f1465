/**
 * Sending one stored email: over SMTP when `SMTP_URL` is set (nodemailer), else into the outbox (the row
 * stays, marked `outbox`, and /outbox shows it). Called by the `email.send` job, after the transaction
 * that wrote the message committed, so a slow SMTP server never slows a request.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { TenantDb } from '@/lib/data/tenant-db';
import { mintLinksForMessage, withholdLinks } from './email-links';

export const EMAIL_JOB = 'email.send';

export interface MailSettings {
  smtpUrl: string | undefined;
  from: string;
}

export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return { smtpUrl: env.SMTP_URL?.trim() || undefined, from: env.MAIL_FROM?.trim() || 'Opsdesk <opsdesk@localhost>' };
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

/** Sends (or files in the outbox) a queued message; a sent or filed one is left alone (the job may run twice). */
export async function deliverEmail(tdb: TenantDb, messageId: string, now: Date, settings: MailSettings = mailSettings()): Promise<'sent' | 'outbox' | 'skipped'> {
  const message = await tdb
    .selectFrom('email_messages')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'status'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.status === 'sent' || message.status === 'outbox') return 'skipped';
  const stored = { text: message.text_body, html: message.html_body };
  if (!settings.smtpUrl) {
    // Decision links never rest in the database: the outbox copy says where to decide instead.
    const kept = await withholdLinks(tdb, message.id, stored, false);
    await tdb
      .updateTable('email_messages')
      .set({ status: 'outbox', sent_at: now.toISOString(), error: null, text_body: kept.text, html_body: kept.html })
      .where('id', '=', message.id)
      .execute();
    return 'outbox';
  }
  // The approver's links get their tokens now, in this message only (their hashes are stored).
  const outgoing = await mintLinksForMessage(tdb, message.id, stored);
  try {
    await transportFor(settings.smtpUrl).sendMail({
      from: settings.from,
      to: message.to_address,
      subject: message.subject,
      text: outgoing.text,
      html: outgoing.html,
      headers: { 'X-Opsdesk-Message': message.id },
    });
  } catch (error) {
    // Kept on the row for the outbox screen; the job retries with backoff, then marks it failed.
    const text = error instanceof Error ? error.message : String(error);
    await tdb.updateTable('email_messages').set({ error: text.slice(0, 1000) }).where('id', '=', message.id).execute();
    throw error;
  }
  const kept = await withholdLinks(tdb, message.id, stored, true);
  await tdb
    .updateTable('email_messages')
    .set({ status: 'sent', sent_at: now.toISOString(), error: null, text_body: kept.text, html_body: kept.html })
    .where('id', '=', message.id)
    .execute();
  return 'sent';
}
