/**
 * Email bodies: a readable HTML part and a plain-text part, each with the request's key fields and a
 * button (a link in text) to open it. Everything from the database is escaped.
 */
import { formatDateTime, humanize, type Formatter } from '@/lib/format';

export interface KeyField {
  label: string;
  value: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The public address links in emails point at. */
export function publicBaseUrl(): string {
  const url = process.env.NEXTAUTH_URL?.trim() || `http://localhost:${Number(process.env.PORT) || 3000}`;
  return url.replace(/\/+$/, '');
}

/** A field's value as a person reads it, in their formats (their locale and zone, the tenant's currency). */
export function displayValue(input: string, value: unknown, format: Formatter): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (input === 'datetime' && typeof value === 'string') return format.dateTime(value);
  if (input === 'money' && (typeof value === 'number' || typeof value === 'string')) return format.money(Number(value));
  if (input === 'select' && typeof value === 'string') return humanize(value);
  if (typeof value === 'object') return null;
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

const WRAP = 'font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Inter,Arial,sans-serif;color:#18181b;font-size:14px;line-height:1.5';

function fieldTable(fields: KeyField[]): string {
  if (fields.length === 0) return '';
  const rows = fields
    .map((f) => `<tr><td style="padding:4px 12px 4px 0;color:#52525b;vertical-align:top;white-space:nowrap">${escapeHtml(f.label)}</td><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`)
    .join('');
  return `<table role="presentation" style="border-collapse:collapse;margin:16px 0">${rows}</table>`;
}

function button(href: string, label: string): string {
  return `<p style="margin:20px 0"><a href="${escapeHtml(href)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(label)}</a></p>`;
}

function footer(): { html: string; text: string } {
  const prefs = `${publicBaseUrl()}/notifications/preferences`;
  return {
    html: `<p style="margin-top:24px;color:#71717a;font-size:12px">You receive this because of your Opsdesk notification settings. <a href="${escapeHtml(prefs)}" style="color:#71717a">Change them</a>.</p>`,
    text: `\n--\nYou receive this because of your Opsdesk notification settings. Change them: ${prefs}\n`,
  };
}

/**
 * Where an approver's email carries its Approve and Reject links: a marker naming the link row, replaced
 * when the message is sent (email-links.ts mints the tokens then, so no stored copy ever holds one).
 */
export function decisionLinksMarker(linkId: string, part: 'text' | 'html'): string {
  return part === 'text' ? `[[opsdesk-decision-links:${linkId}]]` : `<!--opsdesk-decision-links:${linkId}-->`;
}

/** The Approve and Reject links of an approver's email. */
export function decisionLinksBlock(links: { approveUrl: string; rejectUrl: string; expiresAt: string }): { text: string; html: string } {
  const until = formatDateTime(links.expiresAt, 'en-GB');
  const note = `Each link works once, only for you, until ${until}; it shows the request and asks you to confirm.`;
  return {
    text: [`Approve: ${links.approveUrl}`, `Reject: ${links.rejectUrl}`, note].join('\n'),
    html: `<p style="margin:20px 0 8px"><a href="${escapeHtml(links.approveUrl)}" style="display:inline-block;background:#15803d;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600;margin-right:8px">Approve</a><a href="${escapeHtml(links.rejectUrl)}" style="display:inline-block;background:#b91c1c;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">Reject</a></p><p style="margin:0 0 8px;color:#52525b;font-size:12px">${escapeHtml(note)}</p>`,
  };
}

/** What stands in place of the links in the copy kept in the database (the tokens exist only in sent mail). */
export function decisionLinksWithheld(sent: boolean): { text: string; html: string } {
  const note = sent
    ? 'The email sent carried Approve and Reject links; they are not kept here.'
    : 'Approve and Reject links are sent only through a mail server (SMTP); decide on the request page.';
  return { text: note, html: `<p style="margin:20px 0 8px;color:#52525b;font-size:12px">${escapeHtml(note)}</p>` };
}

/** One notification as an email; `decisionLinkId` adds the approver's Approve and Reject links. */
export function composeNotificationEmail(input: { recipientName: string; title: string; body: string; url: string; fields: KeyField[]; decisionLinkId?: string }): ComposedEmail {
  const link = `${publicBaseUrl()}${input.url}`;
  const foot = footer();
  const text = [
    `Hello ${input.recipientName},`,
    '',
    input.body,
    '',
    ...input.fields.map((f) => `${f.label}: ${f.value}`),
    '',
    ...(input.decisionLinkId ? [decisionLinksMarker(input.decisionLinkId, 'text'), ''] : []),
    `Open the request: ${link}`,
    foot.text,
  ].join('\n');
  const html = `<!doctype html><html><body style="${WRAP}"><div style="max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(input.title)}</h1>
<p>Hello ${escapeHtml(input.recipientName)},</p>
<p>${escapeHtml(input.body)}</p>
${fieldTable(input.fields)}
${input.decisionLinkId ? decisionLinksMarker(input.decisionLinkId, 'html') : ''}
${button(link, 'Open the request')}
${foot.html}
</div></body></html>`;
  return { subject: input.title, text, html };
}

/** The daily digest: what is unread, newest first, each with its link. */
export function composeDigestEmail(input: { recipientName: string; items: { title: string; body: string; url: string; created_at: string }[] }): ComposedEmail {
  const count = input.items.length;
  const subject = `Opsdesk: ${count} unread notification${count === 1 ? '' : 's'}`;
  const foot = footer();
  const text = [
    `Hello ${input.recipientName},`,
    '',
    `Here is what happened since your last digest (${count} unread):`,
    '',
    ...input.items.flatMap((i) => [`* ${i.title} (${formatDateTime(i.created_at, 'en-GB')})`, `  ${i.body}`, `  ${publicBaseUrl()}${i.url}`, '']),
    `All notifications: ${publicBaseUrl()}/notifications`,
    foot.text,
  ].join('\n');
  const list = input.items
    .map(
      (i) =>
        `<li style="margin:0 0 12px"><a href="${escapeHtml(`${publicBaseUrl()}${i.url}`)}" style="color:#4338ca;font-weight:600">${escapeHtml(i.title)}</a><br><span>${escapeHtml(i.body)}</span><br><span style="color:#71717a;font-size:12px">${escapeHtml(formatDateTime(i.created_at, 'en-GB'))}</span></li>`,
    )
    .join('');
  const html = `<!doctype html><html><body style="${WRAP}"><div style="max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(subject)}</h1>
<p>Hello ${escapeHtml(input.recipientName)}, here is what happened since your last digest:</p>
<ul style="padding-left:18px">${list}</ul>
${button(`${publicBaseUrl()}/notifications`, 'Open your notifications')}
${foot.html}
</div></body></html>`;
  return { subject, text, html };
}
