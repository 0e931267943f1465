// A real SMTP server for the e2e suite (smtp-server): the production server sends its email here
// (SMTP_URL), and the specs read what arrived over loopback HTTP — GET /messages?to=<address> answers
// [{"to", "subject", "text", "html", "received_at"}], newest last. SMTP on E2E_SMTP_PORT (default the e2e
// port + 2), HTTP on E2E_SMTP_HTTP_PORT (default the SMTP port + 1). Nothing leaves the machine.
import http from 'node:http';
import { SMTPServer } from 'smtp-server';

const e2ePort = Number(process.env.E2E_PORT ?? 3917);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? e2ePort + 2);
const httpPort = Number(process.env.E2E_SMTP_HTTP_PORT ?? smtpPort + 1);
const messages = [];

/** A MIME part's body, decoded (quoted-printable, base64 or as is). */
function decode(headers, body) {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The subject and the text and HTML parts of a message as nodemailer writes it. */
function parse(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  const subject = subjectLine.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind, text) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decode('content-transfer-encoding: quoted-printable', text.replace(/_/g, ' ')),
  );
  const parts = { text: '', html: '' };
  for (const chunk of raw.split(/\r\n--[^\r\n]+/)) {
    const at = chunk.indexOf('\r\n\r\n');
    if (at < 0) continue;
    const headers = chunk.slice(0, at);
    const type = /content-type:\s*(text\/(?:plain|html))/i.exec(headers)?.[1]?.toLowerCase();
    if (type === 'text/plain' && !parts.text) parts.text = decode(headers, chunk.slice(at + 4));
    if (type === 'text/html' && !parts.html) parts.html = decode(headers, chunk.slice(at + 4));
  }
  return { subject, ...parts };
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 5 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      messages.push({
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        ...parse(Buffer.concat(chunks).toString('utf8')),
        received_at: new Date().toISOString(),
      });
      callback();
    });
  },
});
smtp.listen(smtpPort, '127.0.0.1', () => console.log(`smtp-sink: SMTP on 127.0.0.1:${smtpPort}`));

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${httpPort}`);
    if (req.method !== 'GET' || url.pathname !== '/messages') {
      res.writeHead(404).end();
      return;
    }
    const to = url.searchParams.get('to')?.toLowerCase();
    const body = JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  })
  .listen(httpPort, '127.0.0.1', () => console.log(`smtp-sink: messages at http://127.0.0.1:${httpPort}/messages`));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => smtp.close(() => process.exit(0)));
