/**
 * The lifecycle's emails: an invitation and a password reset, each with one link (HTML and text bodies).
 * Everything from the database is escaped; the link is absolute (NEXTAUTH_URL).
 */
import { escapeHtml, publicBaseUrl, type ComposedEmail } from '@/lib/notifications/compose';

const WRAP = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b;font-size:14px;line-height:1.5;background:#fafafa';

function compose(input: { subject: string; greeting: string; lines: string[]; link: string; button: string; after: string }): ComposedEmail {
  const text = [input.greeting, '', ...input.lines, '', `${input.button}: ${input.link}`, '', input.after].join('\n');
  const html = `<!doctype html><html><body style="${WRAP}"><div style="max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(input.subject)}</h1>
<p>${escapeHtml(input.greeting)}</p>
${input.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p style="margin:20px 0"><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#4338ca;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(input.button)}</a></p>
<p style="color:#52525b;font-size:12px">${escapeHtml(input.after)}</p>
</div></body></html>`;
  return { subject: input.subject, text, html };
}

export function invitationEmail(input: { name: string; tenantName: string; inviterName: string; token: string }): ComposedEmail {
  return compose({
    subject: `You are invited to Opsdesk at ${input.tenantName}`,
    greeting: `Hello ${input.name},`,
    lines: [`${input.inviterName} invited you to Opsdesk, where ${input.tenantName} files and approves access, equipment, HR and travel requests.`, 'Choose a password to finish setting up your account.'],
    link: `${publicBaseUrl()}/invitation?token=${encodeURIComponent(input.token)}`,
    button: 'Accept the invitation',
    after: 'The link works once and expires in 7 days. If you did not expect this email, ignore it.',
  });
}

export function passwordResetEmail(input: { name: string; token: string }): ComposedEmail {
  return compose({
    subject: 'Reset your Opsdesk password',
    greeting: `Hello ${input.name},`,
    lines: ['Someone (we hope you) asked to reset the password of your Opsdesk account.'],
    link: `${publicBaseUrl()}/reset-password?token=${encodeURIComponent(input.token)}`,
    button: 'Choose a new password',
    after: 'The link works once and expires in 1 hour; resetting signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.',
  });
}
