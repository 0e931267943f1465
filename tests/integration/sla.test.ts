/**
 * Issue 10, part 4 (engine.md §4): SLA settings, due_at on every open step and desk task (with and
 * without a business calendar), the pause while the requester's answer is awaited, reminders at 50 %,
 * overdue and escalation at 100 %, each exactly once even with two runners at once. Time is a clock the
 * test moves; jobs run through runDueJobs({ now }).
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import '@/lib/jobs/handlers';
import { enqueueJob, runDueJobs } from '@/lib/jobs/runner';
import { respondToInfo, requestInfo } from '@/lib/operations/information';
import { accessRequest, hrRequest, pending } from '@/lib/operations/registry';
import { createRecord, performAction, updateRecord } from '@/lib/operations/service';
import { putSlaSettings } from '@/lib/sla/settings';
import { slaState } from '@/lib/sla/clock';
import { tenantDb } from '@/lib/data/tenant-db';
import { createApiApp } from '@/lib/api/app';
import { createClient } from '@/lib/sdk';
import { api } from '../support/api';
import { jobsOf } from '../support/job-queues';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { notificationRows } from './notifications-support';
import { engineRows, INPUT } from './approvals-support';
import { ctxAt, HOUR, manualClock } from './sla-support';

let db: Kysely<Database>;
beforeAll(async () => {
  ({ db } = await testDatabase());
});

const T0 = '2026-12-01T10:00:00.000Z'; // a Tuesday

async function fileAccess(t: TestTenant, clock: ReturnType<typeof manualClock>) {
  const record = await createRecord(ctxAt(t, 'alice', clock), accessRequest, INPUT.access());
  return { record, item: await engineRows(db, t.tenantId).approval(record.id) };
}

describe('SLA settings API', () => {
  it('answers the defaults, replaces the whole object, names unknown keys and bad hours, and is for admins only', async () => {
    const t = await createTestTenant(db);
    const ada = await t.token('ada');
    const got = await api('GET', '/api/v1/settings/sla', { token: ada });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ approval_hours: { travel: 48, 'access-requests': 48 }, task_hours: { 'hr-requests': 72 }, calendar: null });

    expect((await api('GET', '/api/v1/settings/sla', { token: await t.token('bob') })).status).toBe(403);
    expect((await api('PUT', '/api/v1/settings/sla', { token: await t.token('ivan'), body: {} })).status).toBe(403);

    const unknown = await api('PUT', '/api/v1/settings/sla', { token: ada, body: { approval_hours: { travel: 4, boats: 2 }, colour: 'red' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['approval_hours.boats', 'colour']);
    const tooSmall = await api('PUT', '/api/v1/settings/sla', { token: ada, body: { task_hours: { travel: 0.001 } } });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body.errors[0].path).toBe('task_hours.travel');
    const badCalendar = await api('PUT', '/api/v1/settings/sla', {
      token: ada, body: { calendar: { timezone: 'Mars/Olympus', working_days: [0], working_hours: ['17:00', '09:00'], holidays: ['2026-02-30'] } },
    });
    expect(badCalendar.status).toBe(422);
    expect(badCalendar.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['calendar.timezone', 'calendar.working_days.0', 'calendar.working_hours', 'calendar.holidays.0']),
    );

    const calendar = { timezone: 'Europe/Berlin', working_days: [1, 2, 3, 4, 5], working_hours: ['09:00', '17:00'], holidays: ['2026-12-25'] };
    const put = await api('PUT', '/api/v1/settings/sla', { token: ada, body: { approval_hours: { travel: 0.01 }, calendar } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ approval_hours: { travel: 0.01, equipment: 48 }, task_hours: { travel: 72 }, calendar });
    // The whole object is replaced: what the next PUT leaves out goes back to the default.
    const again = await api('PUT', '/api/v1/settings/sla', { token: ada, body: { task_hours: { equipment: 1.5 } } });
    expect(again.body).toMatchObject({ approval_hours: { travel: 48 }, task_hours: { equipment: 1.5 }, calendar: null });
    const app = createApiApp();
    const sdk = createClient({ baseUrl: 'http://opsdesk.test', token: ada, fetch: (input: string, init: RequestInit) => Promise.resolve(app.request(input, init)) });
    expect(await sdk.settings.sla.put({ approval_hours: { travel: 2.5 } })).toMatchObject({ approval_hours: { travel: 2.5 }, calendar: null });
    expect((await sdk.settings.sla.get()).approval_hours.travel).toBe(2.5);
    const spec = await api('GET', '/api/v1/openapi.json');
    expect(spec.body.paths['/api/v1/settings/sla']).toHaveProperty('put');
  });
});

describe('due_at on steps and desk tasks', () => {
  it('runs 24/7 without a calendar; a new step starts a new clock; the item shows its due time in the API', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { record, item } = await fileAccess(t, clock);
    expect(item.sla_started_at).toBe(T0);
    expect(item.remind_at).toBe('2026-12-02T10:00:00.000Z');
    expect(item.due_at).toBe('2026-12-03T10:00:00.000Z');

    clock.advance(5 * HOUR);
    await performAction(ctxAt(t, 'bob', clock), accessRequest, record.id, 'approve', {});
    const next = await engineRows(db, t.tenantId).approval(record.id);
    expect(next.current_step_index).toBe(1);
    expect(next.sla_started_at).toBe('2026-12-01T15:00:00.000Z');
    expect(next.due_at).toBe('2026-12-03T15:00:00.000Z');

    const seen = await api('GET', `/api/v1/operations/pending/${item.id}`, { token: await t.token('ivan') });
    expect(seen.body).toMatchObject({ due_at: '2026-12-03T15:00:00.000Z', sla_started_at: '2026-12-01T15:00:00.000Z', sla_paused_at: null });
  });

  it('counts working hours only with a calendar, skipping weekends and holidays', async () => {
    const t = await createTestTenant(db);
    await putSlaSettings(t.ctx('ada'), {
      approval_hours: { 'access-requests': 4 },
      task_hours: { 'access-requests': 8 },
      calendar: { timezone: 'Europe/Berlin', working_days: [1, 2, 3, 4, 5], working_hours: ['09:00', '17:00'], holidays: ['2026-12-07'] },
    });
    // Friday 4 December 16:00 Berlin: one hour that day, then the weekend and Monday's holiday.
    const clock = manualClock('2026-12-04T15:00:00.000Z');
    const { record, item } = await fileAccess(t, clock);
    expect(item.remind_at).toBe('2026-12-08T09:00:00.000Z'); // Tuesday 10:00 Berlin
    expect(item.due_at).toBe('2026-12-08T11:00:00.000Z'); // Tuesday 12:00 Berlin

    // The IT desk task opens on the final approval with the task hours: Tuesday 16:00 + 8 h → Wednesday 16:00.
    clock.set('2026-12-08T15:00:00.000Z');
    await performAction(ctxAt(t, 'bob', clock), accessRequest, record.id, 'approve', {});
    await performAction(ctxAt(t, 'ivan', clock), accessRequest, record.id, 'approve', {});
    const [task] = await engineRows(db, t.tenantId).tasks(record.id);
    expect(task.due_at).toBe('2026-12-09T15:00:00.000Z');
  });

  it('pauses only while the requester’s answer is awaited, and resumes with the time that was left', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { item } = await fileAccess(t, clock);
    clock.advance(30 * HOUR);
    await requestInfo(ctxAt(t, 'bob', clock), item.id, 'Which repositories?');
    let row = await engineRows(db, t.tenantId).approval(item.entity_id!);
    expect(row.sla_paused_at).toBe('2026-12-02T16:00:00.000Z');
    expect(slaState(row, new Date('2026-12-10T00:00:00Z'))).toBe('paused');

    // Nothing is sent while paused, however long the answer takes.
    clock.advance(100 * HOUR);
    await runDueJobs({ now: clock.now(), tenantIds: [t.tenantId] });
    expect((await notificationRows(db, t).of('bob')).filter((n) => n.kind === 'overdue')).toEqual([]);

    await respondToInfo(ctxAt(t, 'alice', clock), item.id, 'payments-api and checkout');
    row = await engineRows(db, t.tenantId).approval(item.entity_id!);
    // 18 h were left at the pause: due 18 h after the answer; the 50 % mark had passed and stays put.
    expect(row.sla_paused_at).toBeNull();
    expect(row.due_at).toBe(new Date(clock.now().getTime() + 18 * HOUR).toISOString());
    expect(row.remind_at).toBe('2026-12-02T10:00:00.000Z');
  });
});

describe('reminders and escalation', () => {
  it('reminds the approver at 50 %, tells them and escalates to their manager at 100 %, once each', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { record } = await fileAccess(t, clock);
    const kinds = async () => (await notificationRows(db, t).about(record.id)).filter(([, kind]) => kind !== 'step_assigned');

    await runDueJobs({ now: new Date(Date.parse(T0) + 24 * HOUR - 1000), tenantIds: [t.tenantId] });
    expect(await kinds()).toEqual([]);
    await runDueJobs({ now: new Date(Date.parse(T0) + 24 * HOUR + 5000), tenantIds: [t.tenantId] });
    expect(await kinds()).toEqual([['bob', 'reminder']]);
    await runDueJobs({ now: new Date(Date.parse(T0) + 48 * HOUR + 5000), tenantIds: [t.tenantId] });
    expect((await kinds()).map((pair) => pair.join(' ')).sort()).toEqual(['ada escalation', 'bob overdue', 'bob reminder']);
    const [escalation] = (await notificationRows(db, t).of('ada')).filter((n) => n.kind === 'escalation');
    expect(escalation.body).toContain('Bob Brennan');
    // Later runs, and a duplicate check, send nothing more.
    const item = await engineRows(db, t.tenantId).approval(record.id);
    await enqueueJob(tenantDb(db, t.tenantId), { name: 'sla.check', data: { pending_id: item.id, cycle: item.sla_cycle } });
    await runDueJobs({ now: new Date(Date.parse(T0) + 60 * HOUR), tenantIds: [t.tenantId] });
    expect(await kinds()).toHaveLength(3);
    expect(slaState(item, new Date(Date.parse(T0) + 60 * HOUR))).toBe('overdue');
  });

  it('a role step with nobody named escalates to the admins', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { record } = await fileAccess(t, clock);
    await performAction(ctxAt(t, 'bob', clock), accessRequest, record.id, 'approve', {});
    await runDueJobs({ now: new Date(Date.parse(T0) + 49 * HOUR), tenantIds: [t.tenantId] });
    const about = (await notificationRows(db, t).about(record.id)).filter(([, kind]) => ['reminder', 'overdue', 'escalation'].includes(kind));
    expect(about).toEqual(expect.arrayContaining([['ivan', 'overdue'], ['ada', 'escalation']]));
    // Bob's step was decided in time: his clock's checks send nothing.
    expect(about.filter(([who]) => who === 'bob')).toEqual([]);
  });

  it('a desk task has its clock too: the desk is reminded at 50 %, told at 100 %, and the admins get the escalation', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    // An HR letter: no approval, the HR desk's task opens at filing with the default 72 h.
    const letter = await createRecord(ctxAt(t, 'alice', clock), hrRequest, INPUT.hr());
    const [task] = await engineRows(db, t.tenantId).tasks(letter.id);
    expect(task.due_at).toBe(new Date(Date.parse(T0) + 72 * HOUR).toISOString());
    const timed = async () => (await notificationRows(db, t).about(letter.id)).filter(([, kind]) => ['reminder', 'overdue', 'escalation'].includes(kind)).map((p) => p.join(' ')).sort();

    await runDueJobs({ now: new Date(Date.parse(T0) + 36 * HOUR - 1000), tenantIds: [t.tenantId] });
    expect(await timed()).toEqual([]);
    await runDueJobs({ now: new Date(Date.parse(T0) + 36 * HOUR + 1000), tenantIds: [t.tenantId] });
    expect(await timed()).toEqual(['hana reminder']);
    await runDueJobs({ now: new Date(Date.parse(T0) + 72 * HOUR + 1000), tenantIds: [t.tenantId] });
    // The desk (a role, nobody named) has no manager to tell: the admins are.
    expect(await timed()).toEqual(['ada escalation', 'hana overdue', 'hana reminder']);
    expect(slaState(task, new Date(Date.parse(T0) + 72 * HOUR + 1000))).toBe('overdue');
  });

  it('a step handed to someone else keeps its clock; the reminder goes to whoever holds it then', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { record, item } = await fileAccess(t, clock);
    clock.advance(10 * HOUR);
    await updateRecord(ctxAt(t, 'bob', clock), pending, item.id, { assignee_id: t.people.tara.id });
    const handed = await engineRows(db, t.tenantId).approval(record.id);
    expect(handed).toMatchObject({ assignee_id: t.people.tara.id, sla_started_at: item.sla_started_at, remind_at: item.remind_at, due_at: item.due_at, sla_cycle: item.sla_cycle });
    await runDueJobs({ now: new Date(Date.parse(T0) + 24 * HOUR + 5000), tenantIds: [t.tenantId] });
    const reminders = (await notificationRows(db, t).about(record.id)).filter(([, kind]) => kind === 'reminder');
    expect(reminders).toEqual([['tara', 'reminder']]);
  });

  it('a holder whose manager has left escalates to the admins, not to nobody', async () => {
    const t = await createTestTenant(db);
    const tdb = tenantDb(db, t.tenantId);
    // Bob now reports to Hana, who has left the organisation.
    await tdb.updateTable('people').set({ manager_id: t.people.hana.id }).where('id', '=', t.people.bob.id).execute();
    await tdb.updateTable('people').set({ active: false }).where('id', '=', t.people.hana.id).execute();
    const clock = manualClock(T0);
    const { record } = await fileAccess(t, clock);
    await runDueJobs({ now: new Date(Date.parse(T0) + 48 * HOUR + 5000), tenantIds: [t.tenantId] });
    const sent = (await notificationRows(db, t).about(record.id)).filter(([, kind]) => kind === 'overdue' || kind === 'escalation');
    expect(sent.map((pair) => pair.join(' ')).sort()).toEqual(['ada escalation', 'bob overdue']);
  });

  it('two runners at once send each reminder exactly once', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const { record, item } = await fileAccess(t, clock);
    // Three more checks of the same cycle, as a second instance or a retried job would have queued them.
    for (let i = 0; i < 3; i++) await enqueueJob(tenantDb(db, t.tenantId), { name: 'sla.check', data: { pending_id: item.id, cycle: item.sla_cycle } });
    const now = new Date(Date.parse(T0) + 25 * HOUR);
    await Promise.all([runDueJobs({ now, tenantIds: [t.tenantId], batchSize: 1 }), runDueJobs({ now, tenantIds: [t.tenantId], batchSize: 1 })]);
    const later = new Date(Date.parse(T0) + 49 * HOUR);
    for (let i = 0; i < 3; i++) await enqueueJob(tenantDb(db, t.tenantId), { name: 'sla.check', data: { pending_id: item.id, cycle: item.sla_cycle } });
    await Promise.all([runDueJobs({ now: later, tenantIds: [t.tenantId], batchSize: 1 }), runDueJobs({ now: later, tenantIds: [t.tenantId], batchSize: 1 })]);
    const sent = (await notificationRows(db, t).about(record.id)).filter(([, kind]) => kind !== 'step_assigned');
    expect(sent.map((pair) => pair.join(' ')).sort()).toEqual(['ada escalation', 'bob overdue', 'bob reminder']);
    const jobs = await jobsOf(t.tenantId, 'sla.check');
    expect(jobs.length).toBeGreaterThanOrEqual(6);
    expect(jobs.filter((job) => job.state === 'failed')).toEqual([]);
  });
});

