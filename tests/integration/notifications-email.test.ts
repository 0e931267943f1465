/**
 * Email end to end against a real SMTP server (smtp-server on 127.0.0.1, started here): a filing's
 * notification becomes a message written in the filing's transaction and sent by the `email.send` job;
 * it arrives with its subject and both bodies. Without SMTP it lands in the outbox. Preferences switch a
 * kind's email off; the daily digest gathers what is unread since the last one, computed from timestamps.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { SMTPServer } from 'smtp-server';
import type { Database } from '@/db/schema';
import { systemClock, type Clock } from '@/lib/data/context';
import { tenantDb } from '@/lib/data/tenant-db';
import { runDueJobs } from '@/lib/jobs/runner';
import '@/lib/notifications/jobs';
import { sendDigestIfDue } from '@/lib/notifications/digest';
import { markRead } from '@/lib/notifications/feed';
import { setMyPreferences } from '@/lib/notifications/preferences';
import { addComment } from '@/lib/operations/comments';
import { hrRequest } from '@/lib/operations/registry';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { file, fileTravel } from './approvals-support';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let db: Kysely<Database>;
let server: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  db = (await testDatabase()).db;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A MIME part's content, quoted-printable decoded. */
function part(raw: string, type: 'text/plain' | 'text/html'): string {
  const start = raw.indexOf(`Content-Type: ${type}`);
  if (start < 0) return '';
  const bodyStart = raw.indexOf('\r\n\r\n', start) + 4;
  const end = raw.indexOf('\r\n--', bodyStart);
  const encoded = raw.slice(bodyStart, end < 0 ? undefined : end);
  const bytes = encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function messages(t: TestTenant) {
  return db.selectFrom('email_messages').selectAll().where('tenant_id', '=', t.tenantId).orderBy('created_at').orderBy('id').execute();
}

describe('email notifications', () => {
  it('arrive at a real SMTP server with the subject, an HTML and a text body, sent by the job after the change commits', async () => {
    process.env.SMTP_URL = smtpUrl;
    process.env.MAIL_FROM = 'Opsdesk <opsdesk@test.example>';
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 1200);
    // Written with the filing, not sent yet: the job sends it.
    const [queued] = await messages(t);
    expect(queued).toMatchObject({ status: 'queued', to_address: t.people.bob.email, kind: 'notification', subject: 'Approve: Trip to Lisbon' });
    expect(received.filter((m) => m.to.includes(t.people.bob.email))).toHaveLength(0);

    const summary = await runDueJobs({ tenantIds: [t.tenantId] });
    expect(summary.done).toBeGreaterThanOrEqual(1);
    const mail = received.find((m) => m.to.includes(t.people.bob.email));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('opsdesk@test.example');
    expect(mail!.raw).toMatch(/^Subject: Approve: Trip to Lisbon\r$/m);
    const text = part(mail!.raw, 'text/plain');
    const html = part(mail!.raw, 'text/html');
    expect(text).toContain('Hello Bob,');
    expect(text).toContain('Destination: Lisbon');
    expect(text).toContain(`/travel/${trip.id}`);
    expect(html).toContain('<h1');
    expect(html).toContain('Lisbon');
    expect(html).toMatch(new RegExp(`<a href="[^"]*/travel/${trip.id}"[^>]*>Open the request</a>`));
    expect((await messages(t))[0]).toMatchObject({ status: 'sent' });
    // The job ran once: running again sends nothing more.
    const count = received.length;
    await runDueJobs({ tenantIds: [t.tenantId] });
    expect(received.length).toBe(count);
  });

  it('without SMTP, the message goes to the outbox; a kind switched off sends no email but still notifies in-app', async () => {
    delete process.env.SMTP_URL;
    const t = await createTestTenant(db);
    await setMyPreferences(t.ctx('bob'), { email: { step_assigned: false } });
    await fileTravel(t, 'alice', 300);
    expect(await messages(t)).toHaveLength(0);
    expect(await db.selectFrom('notifications').select('kind').where('tenant_id', '=', t.tenantId).execute()).toEqual([{ kind: 'step_assigned' }]);

    await file(t, 'alice', 'hr');
    expect((await messages(t)).map((m) => m.to_address)).toEqual([t.people.hana.email]);
    await runDueJobs({ tenantIds: [t.tenantId] });
    expect((await messages(t))[0]).toMatchObject({ status: 'outbox' });
  });

  it('the daily digest: one email of what is unread since the last digest, instead of one per event; computed from timestamps', async () => {
    delete process.env.SMTP_URL;
    const t = await createTestTenant(db);
    const start = new Date();
    await setMyPreferences(t.ctx('hana'), { digest: true });
    const first = await file(t, 'alice', 'hr');
    await file(t, 'alice', 'hr', { type: 'certificate', description: 'For the visa' });
    await addComment(t.ctx('alice'), hrRequest, first.id, 'Thanks @hana');
    // On the digest: no email per event.
    expect(await messages(t)).toHaveLength(0);
    // One of them read already: the digest leaves it out.
    const tdb = tenantDb(db, t.tenantId);
    const readOne = await db.selectFrom('notifications').select('id').where('tenant_id', '=', t.tenantId).orderBy('created_at').executeTakeFirstOrThrow();
    await markRead(t.ctx('hana'), { ids: [readOne.id] });

    // Not due within the day (whoever runs it).
    expect(await tdb.transaction((tx) => sendDigestIfDue(tx, t.people.hana.id, new Date(start.getTime() + 3_600_000)))).toBe('not_due');
    expect(await messages(t)).toHaveLength(0);

    // A day later the runner sends it: one message with the two unread ones.
    const later = new Date(start.getTime() + 25 * 3_600_000);
    await runDueJobs({ tenantIds: [t.tenantId], now: later });
    const sent = await messages(t);
    expect(sent.map((m) => [m.kind, m.to_address, m.status])).toEqual([['digest', t.people.hana.email, 'outbox']]);
    expect(sent[0].subject).toBe('Opsdesk: 2 unread notifications');
    expect(sent[0].text_body).toContain('Employment letter');
    expect(sent[0].text_body).toContain('mentioned you');
    expect(sent[0].html_body).toContain('<ul');

    // Again at the same time, or an hour later: nothing new to send, nothing sent twice.
    await runDueJobs({ tenantIds: [t.tenantId], now: new Date(later.getTime() + 3_600_000) });
    expect(await tdb.transaction((tx) => sendDigestIfDue(tx, t.people.hana.id, later))).toBe('not_due');
    expect(await messages(t)).toHaveLength(1);

    // Two days after that with new work and the job late: one digest covers it all.
    const nextDay: Clock = { now: () => new Date(later.getTime() + 24 * 3_600_000), id: systemClock.id };
    await addComment({ ...t.ctx('alice'), clock: nextDay }, hrRequest, first.id, 'Any news, @hana?');
    const muchLater = new Date(later.getTime() + 3 * 24 * 3_600_000);
    await runDueJobs({ tenantIds: [t.tenantId], now: muchLater });
    const all = await messages(t);
    expect(all).toHaveLength(2);
    expect(all[1].subject).toBe('Opsdesk: 1 unread notification');
  });
});
