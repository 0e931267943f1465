/**
 * Deciding from email (engine.md §5, issue 10 items 3 and 6): the Approve/Reject links of an approver's
 * email are single-use, bound to the person, the step and the chain's generation, valid 7 days; opening
 * one decides nothing; confirming runs the engine's own decision (separation of duties, roles read now);
 * a used or stale link shows what happened. And no noise: a handed-over step or task tells its new holder,
 * an answer tells the approver who asked, a decided step's other notices say so (and leave the digest).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import type { Clock } from '@/lib/data/context';
import { systemClock } from '@/lib/data/context';
import { runDueJobs } from '@/lib/jobs/runner';
import '@/lib/notifications/jobs';
import { CONFIRM_LIMIT, confirmEmailLink, describeEmailLink, type Viewer } from '@/lib/notifications/email-decisions';
import { hashLinkToken } from '@/lib/notifications/email-links';
import { setMyPreferences } from '@/lib/notifications/preferences';
import { accessRequest, pending, travel } from '@/lib/operations/registry';
import { performAction, updateRecord } from '@/lib/operations/service';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { integrationToken } from '../support/records';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';
import { emailLinksOf, notificationRows } from './notifications-support';

let db: Kysely<Database>;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  db = (await testDatabase()).db;
});

const linksOf = (t: TestTenant, who: PersonKey) => emailLinksOf(db, t, who);

/** Each run confirms from its own address: the rate limit's counts outlive a run on PostgreSQL. */
const ADDRESS = `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}`;
const confirm = (token: string, input: { comment?: string }, viewer: Viewer | null, options: { clock?: Clock } = {}) =>
  confirmEmailLink(token, input, viewer, { address: ADDRESS, ...options });

const viewerOf = (t: TestTenant, who: PersonKey): Viewer => ({ tenantId: t.tenantId, personId: t.people[who].id, name: who });
const at = (ms: number): Clock => ({ now: () => new Date(Date.now() + ms), id: systemClock.id });

async function securityEvents(t: TestTenant) {
  return db.selectFrom('security_events').selectAll().where('tenant_id', '=', t.tenantId).where('kind', '=', 'decision_refused').execute();
}

describe('approve/reject links in approvers’ email', () => {
  it('opening decides nothing; confirming decides once, from email, as the engine does; a used link shows who decided and when', async () => {
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 800);
    const links = await linksOf(t, 'bob');
    // The stored message never holds a token; the table only their hashes.
    const stored = await db.selectFrom('email_messages').select(['text_body', 'html_body']).where('tenant_id', '=', t.tenantId).execute();
    expect(JSON.stringify(stored)).not.toContain(links.approve);
    const row = await db.selectFrom('email_action_links').selectAll().where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: t.people.bob.id, step_index: 0, approve_hash: hashLinkToken(links.approve), used_at: null });
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(7 * DAY);

    // A mail scanner (no session) fetching both links, twice: nothing changes.
    for (const token of [links.approve, links.reject, links.approve]) {
      expect((await describeEmailLink(token, null)).state).toBe('ready');
    }
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('requested');
    expect((await db.selectFrom('email_action_links').select('used_at').where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow()).used_at).toBeNull();
    const ready = await describeEmailLink(links.approve, null);
    expect(ready).toMatchObject({ state: 'ready', decision: 'approve', approverName: expect.stringContaining('Bob'), request: { title: 'Trip to Lisbon', requesterName: expect.stringContaining('Alice') } });
    expect(ready.state === 'ready' && ready.request.fields.some((f) => f.label === 'Estimated cost' && f.value.includes('800'))).toBe(true);

    // Reject needs a reason; nothing is used by the refusal.
    expect((await confirm(links.reject, { comment: ' ' }, null)).error?.path).toBe('comment');

    const done = await confirm(links.approve, { comment: 'Have a good trip' }, null);
    expect(done.view).toMatchObject({ state: 'done', decision: 'approve', final: true });
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('approved');
    const history = await engineRows(db, t.tenantId).audit(trip.id);
    expect(history.find((e) => e.action === 'approve')).toMatchObject({ actor_id: t.people.bob.id, source_type: 'email', comment: 'Have a good trip' });
    expect((await notificationRows(db, t).of('alice')).map((n) => n.kind)).toContain('decided');

    // Used: both links of the email, again and again, show what happened and act on nothing.
    for (const token of [links.approve, links.reject]) {
      const again = await confirm(token, { comment: 'again' }, null);
      expect(again.view).toMatchObject({ state: 'closed', reason: 'used', outcome: 'approved', decidedBy: expect.stringContaining('Bob') });
    }
    expect(await db.selectFrom('approval_decisions').select('id').where('tenant_id', '=', t.tenantId).execute()).toHaveLength(1);
    // Guessing is rate-limited per address: past the limit, even a real link is not looked at.
    const guesser = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    for (let i = 0; i < CONFIRM_LIMIT.perAddress; i++) expect((await confirmEmailLink(`${'g'.repeat(40)}${String(i).padStart(3, '0')}`, {}, null, { address: guesser })).view.state).toBe('invalid');
    expect((await confirmEmailLink(links.reject, { comment: 'x' }, null, { address: guesser })).view.state).toBe('throttled');
    // Not a token at all, or a guess: not valid.
    expect((await describeEmailLink('x'.repeat(43), null)).state).toBe('invalid');
    expect((await describeEmailLink('../../api/v1/me', null)).state).toBe('invalid');
  });

  it('the email and the page read in the approver’s own formats: their locale and zone, the tenant’s currency', async () => {
    const t = await createTestTenant(db);
    await db.updateTable('tenants').set({ currency: 'EUR' }).where('id', '=', t.tenantId).execute();
    await db.updateTable('people').set({ locale: 'de-DE', time_zone: 'Asia/Tokyo' }).where('id', '=', t.people.bob.id).execute();
    await fileTravel(t, 'alice', 4200, { departure_at: '2027-03-01T09:00:00.000Z', return_at: '2027-03-04T09:00:00.000Z' });
    const email = await db.selectFrom('email_messages').select('text_body').where('tenant_id', '=', t.tenantId).where('recipient_id', '=', t.people.bob.id).executeTakeFirstOrThrow();
    expect(email.text_body).toMatch(/4\.200,00\s€/);
    expect(email.text_body).toContain('01.03.2027, 18:00');
    const ready = await describeEmailLink((await linksOf(t, 'bob')).approve, null);
    expect(ready.state === 'ready' && ready.request.format).toEqual({ locale: 'de-DE', timeZone: 'Asia/Tokyo', currency: 'EUR' });
    const fields = ready.state === 'ready' ? Object.fromEntries(ready.request.fields.map((f) => [f.label, f.value])) : {};
    expect(fields['Estimated cost']).toMatch(/^4\.200,00\s€$/);
    expect(fields.Departure).toBe('01.03.2027, 18:00');
  });

  it('someone else signed in is refused and the link stays usable for its person; a requester can never decide through a link', async () => {
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 500);
    const links = await linksOf(t, 'bob');
    expect(await describeEmailLink(links.approve, viewerOf(t, 'alice'))).toMatchObject({ state: 'wrong_person' });
    expect((await confirm(links.approve, {}, viewerOf(t, 'ada'))).view.state).toBe('wrong_person');
    // Someone of another tenant signed in: refused too.
    expect((await confirm(links.approve, {}, { tenantId: 'ten_other', personId: t.people.bob.id, name: 'Bob' })).view.state).toBe('wrong_person');
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('requested');
    const events = await securityEvents(t);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0].detail).toMatchObject({ via: 'email_link' });
    // Bob himself, signed in or not: it works.
    expect((await confirm(links.reject, { comment: 'Not this quarter' }, viewerOf(t, 'bob'))).view).toMatchObject({ state: 'done', decision: 'reject' });
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('rejected');

    // A link somehow minted for the requester on her own request: separation of duties refuses it.
    const own = await fileTravel(t, 'alice', 300);
    const item = await engineRows(db, t.tenantId).approval(own.id);
    // A fresh token each run: the hashes are unique, and a PostgreSQL test database outlives a run.
    const token = randomBytes(32).toString('base64url');
    await db
      .insertInto('email_action_links')
      .values({ tenant_id: t.tenantId, id: 'eal_forged', person_id: t.people.alice.id, pending_id: item.id, step_index: 0, generation: 0, approve_hash: hashLinkToken(token), created_at: new Date(), expires_at: new Date(Date.now() + DAY) })
      .execute();
    const refused = await confirm(token, {}, null);
    expect(refused.view).toMatchObject({ state: 'closed', reason: 'refused', message: expect.stringContaining('own request') });
    expect((await engineRows(db, t.tenantId).record('travel_requests', own.id))?.status).toBe('requested');
  });

  it('stale after the request was edited (the chain restarted), expired after 7 days; neither acts', async () => {
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 500);
    const old = await linksOf(t, 'bob');
    await updateRecord(t.ctx('alice'), travel, trip.id, { purpose: 'Customer workshop' });
    expect((await confirm(old.approve, {}, null)).view).toMatchObject({ state: 'closed', reason: 'restarted' });
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('requested');

    // The new email's link works until 7 days after it was written, and not after.
    const fresh = await linksOf(t, 'bob');
    expect(fresh.approve).not.toBe(old.approve);
    expect((await describeEmailLink(fresh.approve, null, { clock: at(7 * DAY - 60_000) })).state).toBe('ready');
    const late = await confirm(fresh.approve, {}, null, { clock: at(7 * DAY + 60_000) });
    expect(late.view).toMatchObject({ state: 'closed', reason: 'expired' });
    expect((await engineRows(db, t.tenantId).record('travel_requests', trip.id))?.status).toBe('requested');
  });

  it('decided by someone else: the others’ links show the final state, their notices say who decided, and no digest carries them; a removed role is refused', async () => {
    const t = await createTestTenant(db);
    // Three IT people decide the access request's second step; hana reads one digest a day.
    await db.updateTable('people').set({ roles: ['employee', 'hr', 'it'] }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.hana.id).execute();
    await db.updateTable('people').set({ roles: ['employee', 'travel', 'it'] }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.tara.id).execute();
    await setMyPreferences(t.ctx('hana'), { digest: true });
    const grant = await file(t, 'alice', 'access');
    await performAction(t.ctx('bob'), accessRequest, grant.id, 'approve', {});
    const ivan = await linksOf(t, 'ivan');
    const tara = await linksOf(t, 'tara');
    const notices = await notificationRows(db, t).all();
    expect(notices.filter((n) => n.step_index === 1).map((n) => n.recipient_id).sort()).toEqual([t.people.hana.id, t.people.ivan.id, t.people.tara.id].sort());

    // Tara loses the IT role after the email went out: her link no longer decides.
    await db.updateTable('people').set({ roles: ['employee', 'travel'] }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.tara.id).execute();
    expect((await confirm(tara.approve, {}, null)).view).toMatchObject({ state: 'closed', reason: 'refused' });
    expect((await securityEvents(t)).some((e) => (e.detail as { via?: string }).via === 'email_link' && e.actor_id === t.people.tara.id)).toBe(true);
    expect((await engineRows(db, t.tenantId).record('access_requests', grant.id))?.status).toBe('pending');

    expect((await confirm(ivan.approve, {}, null)).view).toMatchObject({ state: 'done', final: true });
    await db.updateTable('people').set({ roles: ['employee', 'travel', 'it'] }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.tara.id).execute();
    const late = await describeEmailLink(tara.reject, null);
    expect(late).toMatchObject({ state: 'closed', reason: 'decided', outcome: 'approved', decidedBy: expect.stringContaining('Ivan'), request: { status: 'approved' } });
    const after = await notificationRows(db, t).all();
    for (const who of ['hana', 'tara'] as const) {
      const n = after.find((x) => x.recipient_id === t.people[who].id && x.step_index === 1)!;
      expect(n.superseded_note).toMatch(/^Decided by Ivan/);
    }
    // Hana's digest a day later tells of the IT task the approval opened, not of the step Ivan decided.
    await runDueJobs({ tenantIds: [t.tenantId], now: new Date(Date.now() + 25 * 60 * 60 * 1000) });
    const digests = await db.selectFrom('email_messages').select(['kind', 'subject', 'text_body']).where('tenant_id', '=', t.tenantId).where('recipient_id', '=', t.people.hana.id).execute();
    expect(digests).toEqual([expect.objectContaining({ kind: 'digest', subject: 'Opsdesk: 1 unread notification' })]);
    expect(digests[0].text_body).toContain('New task');
    expect(digests[0].text_body).not.toContain('Approve');
  });
});

describe('no noise: handed-over work and answers', () => {
  it('a reassigned step tells its new holder and the old notice says where it went; a reassigned desk task tells its new holder', async () => {
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 500);
    const item = await engineRows(db, t.tenantId).approval(trip.id);
    await updateRecord(t.ctx('bob'), pending, item.id, { assignee_id: t.people.tara.id });
    const rows = notificationRows(db, t);
    const bobs = await rows.of('bob');
    expect(bobs[0]).toMatchObject({ kind: 'step_assigned', superseded_note: 'You handed it to Tara Thompson' });
    const taras = await rows.of('tara');
    expect(taras).toHaveLength(1);
    expect(taras[0]).toMatchObject({ kind: 'step_assigned', pending_id: item.id, step_index: 0 });
    expect(taras[0].body).toContain('handed this step to you');
    // Bob's old email link no longer decides; Tara's new one does.
    const bobLinks = await linksOf(t, 'bob');
    expect((await confirm(bobLinks.approve, {}, null)).view).toMatchObject({ state: 'closed', reason: 'refused' });
    expect((await confirm((await linksOf(t, 'tara')).approve, {}, null)).view).toMatchObject({ state: 'done' });

    const hr = await file(t, 'alice', 'hr');
    const [task] = await engineRows(db, t.tenantId).tasks(hr.id);
    await updateRecord(t.ctx('ada'), pending, task.id, { assignee_id: t.people.ivan.id });
    expect((await rows.of('ivan')).map((n) => [n.kind, n.title])).toContainEqual(['task_opened', expect.stringMatching(/^Task handed to you/)]);
    const hanas = (await rows.of('hana')).filter((n) => n.entity_id === hr.id);
    expect(hanas[0]).toMatchObject({ kind: 'task_opened', superseded_note: expect.stringMatching(/^Handed to Ivan/) });
  });

  it('the requester’s answer tells the approver who asked, and the step waits on them again', async () => {
    const t = await createTestTenant(db);
    const trip = await fileTravel(t, 'alice', 500);
    const item = await engineRows(db, t.tenantId).approval(trip.id);
    await performAction(t.ctx('bob'), pending, item.id, 'request_info', { comment: 'Which customer?' });
    await performAction(t.ctx('alice'), pending, item.id, 'respond', { comment: 'Acme Lisbon' });
    const bobs = await notificationRows(db, t).of('bob');
    const answer = bobs.at(-1)!;
    expect(answer).toMatchObject({ kind: 'step_assigned', pending_id: item.id, title: 'Answered: Trip to Lisbon' });
    expect(answer.body).toContain('Acme Lisbon');
    // Alice is not told of her own answer.
    expect((await notificationRows(db, t).of('alice')).map((n) => n.kind)).toEqual(['info_requested']);
  });

  it('an external approval (an integration’s Expense) is decided from its email links as a request is (issue 11)', async () => {
    const t = await createTestTenant(db);
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const filed = await api('POST', '/api/v1/operations/pending', {
      token: key.token,
      body: {
        type: 'approval', source_id: 'exp_77', entity_type: 'Expense', entity_id: 'exp_77', title: 'Taxi to the airport: 48 EUR',
        description: 'Late flight back from the customer.', requested_by_id: t.people.alice.id,
        steps: [{ assignee_id: t.people.bob.id }, { assignee_id: t.people.hana.id }],
      },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    // Bob's email carries the fields the integration sent, as his inbox does.
    const email = await db.selectFrom('email_messages').select('text_body').where('tenant_id', '=', t.tenantId).where('recipient_id', '=', t.people.bob.id).executeTakeFirstOrThrow();
    expect(email.text_body).toContain('Late flight back from the customer.');
    const bobLinks = await linksOf(t, 'bob');
    const ready = await describeEmailLink(bobLinks.approve, null);
    expect(ready).toMatchObject({
      state: 'ready',
      decision: 'approve',
      request: { title: 'Taxi to the airport: 48 EUR', url: `/pending/${id}`, requesterName: expect.stringContaining('Alice'), stepText: 'Step 1 of 2' },
    });
    expect(ready.state === 'ready' && ready.request.fields.some((f) => f.value.includes('Late flight back'))).toBe(true);
    // Someone else signed in: refused, and the link stays unused.
    expect((await confirm(bobLinks.approve, {}, viewerOf(t, 'alice'))).view).toMatchObject({ state: 'wrong_person' });

    expect((await confirm(bobLinks.approve, { comment: 'Fine' }, null)).view).toMatchObject({ state: 'done', decision: 'approve', final: false });
    const moved = await api('GET', `/api/v1/operations/pending/${id}`, { token: key.token });
    expect(moved.body).toMatchObject({ status: 'queued', current_step_index: 1, assignee_id: t.people.hana.id, outcome: null });
    expect(moved.body.decisions).toMatchObject([{ step_index: 0, decision: 'approve', decided_by: t.people.bob.id, comment: 'Fine' }]);
    expect((await engineRows(db, t.tenantId).audit(id)).find((e) => e.action === 'approve')).toMatchObject({ actor_id: t.people.bob.id, source_type: 'email' });

    const hanaLinks = await linksOf(t, 'hana');
    expect((await confirm(hanaLinks.reject, {}, null)).error?.path).toBe('comment');
    expect((await confirm(hanaLinks.reject, { comment: 'No receipt' }, null)).view).toMatchObject({ state: 'done', decision: 'reject', final: true });
    const done = await api('GET', `/api/v1/operations/pending/${id}`, { token: key.token });
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'rejected' });
    expect(done.body.completed_at).toBeTruthy();
    // Used links act on nothing and say what became of them.
    expect((await confirm(bobLinks.reject, { comment: 'again' }, null)).view).toMatchObject({ state: 'closed', reason: 'used', outcome: 'approved' });
    expect((await confirm(hanaLinks.approve, {}, null)).view).toMatchObject({ state: 'closed', reason: 'used', outcome: 'rejected' });
    expect(await db.selectFrom('approval_decisions').select('id').where('tenant_id', '=', t.tenantId).execute()).toHaveLength(2);
  });
});
