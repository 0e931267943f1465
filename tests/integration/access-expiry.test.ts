/**
 * Issue 10, part 5 (engine.md §4): access expiry. Warnings 7 days and 1 day before a provisioned grant's
 * `expires_at` (requester and manager, once each), the `extend` flow and its approval, and — the issue's
 * expiry test — moving the clock past `expires_at` finds the revoke request and the IT task. With the
 * attacks a requester would try: extend without approval, someone else's grant, approve their own
 * extension, edit expires_at directly, act on or delete the revocation.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import '@/lib/jobs/handlers';
import { fileRevocation } from '@/lib/expiry/revoke';
import { runDueJobs } from '@/lib/jobs/runner';
import { tenantDb } from '@/lib/data/tenant-db';
import { formatterFor } from '@/lib/format';
import { accessRequest, pending } from '@/lib/operations/registry';
import { createRecord, deleteRecord, performAction, updateRecord } from '@/lib/operations/service';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { notificationRows } from './notifications-support';
import { engineRows } from './approvals-support';
import { ctxAt, manualClock, type ManualClock } from './sla-support';

let db: Kysely<Database>;
beforeAll(async () => {
  ({ db } = await testDatabase());
});

const DAY = 24 * 3_600_000;
const T0 = '2026-12-01T10:00:00.000Z';
const at = (days: number) => new Date(Date.parse(T0) + days * DAY);

/** Alice's access, approved by Bob and IT, provisioned by Ivan until T0 + `days`. */
async function provisioned(t: TestTenant, clock: ManualClock, system = 'github', days = 10) {
  const record = await createRecord(ctxAt(t, 'alice', clock), accessRequest, { system_id: system, access_type: 'new', justification: 'On-call rotation' });
  await performAction(ctxAt(t, 'bob', clock), accessRequest, record.id, 'approve', {});
  await performAction(ctxAt(t, 'ivan', clock), accessRequest, record.id, 'approve', {});
  await performAction(ctxAt(t, 'ivan', clock), accessRequest, record.id, 'provision', { expires_at: at(days).toISOString() });
  return record.id;
}

const run = (t: TestTenant, now: Date) => runDueJobs({ now, tenantIds: [t.tenantId] });

async function expiring(t: TestTenant) {
  return (await notificationRows(db, t).all()).filter((n) => n.kind === 'expiring');
}

describe('access expiry', () => {
  it('warns 7 days and 1 day before, once each; past expires_at finds the revoke request and the IT task', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const id = await provisioned(t, clock);

    await run(t, at(2.9));
    expect(await expiring(t)).toEqual([]);
    await run(t, at(3.001));
    await run(t, at(3.5));
    const week = await expiring(t);
    expect(week.map((n) => n.recipient_id).sort()).toEqual([t.people.alice.id, t.people.bob.id].sort());
    expect(week.find((n) => n.recipient_id === t.people.alice.id)?.title).toContain('in 7 days');
    await run(t, at(9.001));
    expect((await expiring(t)).filter((n) => n.title.includes('tomorrow'))).toHaveLength(2);

    await run(t, at(10.001));
    await run(t, at(10.5));
    const rows = await tenantDb(db, t.tenantId).selectFrom('access_requests').selectAll().where('access_type', '=', 'revoke').execute();
    expect(rows).toHaveLength(1);
    const [revoke] = rows;
    expect(revoke).toMatchObject({ status: 'approved', created_by: null, source_type: 'system', system_id: 'github', requester_id: t.people.alice.id, tags: { revokes: id } });
    const tasks = await engineRows(db, t.tenantId).tasks(revoke.id);
    expect(tasks).toMatchObject([{ assignee_role: 'it', status: 'queued' }]);
    expect((await engineRows(db, t.tenantId).record('access_requests', id))?.status).toBe('completed');
    expect((await notificationRows(db, t).of('ivan')).some((n) => n.kind === 'task_opened' && n.entity_id === revoke.id)).toBe(true);

    // Filing again (offboarding calls the same function) answers the one revocation.
    const again = await fileRevocation(tenantDb(db, t.tenantId), { id }, 'Offboarded', { now: at(11) });
    expect(again.id).toBe(revoke.id);

    // Nobody but IT and admins acts on it or withdraws it; the requester least of all.
    const alice = ctxAt(t, 'alice', clock);
    await expect(performAction(alice, accessRequest, revoke.id, 'provision', {})).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(deleteRecord(alice, accessRequest, revoke.id)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(updateRecord(alice, accessRequest, revoke.id, { justification: 'never mind' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(deleteRecord(ctxAt(t, 'bob', clock), accessRequest, revoke.id)).rejects.toMatchObject({ kind: 'not_found' });
    const token = await t.token('alice');
    expect((await api('DELETE', `/api/v1/operations/access-requests/${revoke.id}`, { token })).status).toBe(403);
    expect((await api('POST', `/api/v1/operations/access-requests/${revoke.id}/extend`, { token, body: { expires_at: at(30).toISOString(), reason: 'x' } })).status).toBe(409);
    await performAction(ctxAt(t, 'ivan', clock), accessRequest, revoke.id, 'provision', { comment: 'Removed from the GitHub org' });
    expect((await engineRows(db, t.tenantId).tasks(revoke.id))[0].status).toBe('completed');
  });

  it('extends only through an approval by the first step, within max_days, and only for the requester', async () => {
    const t = await createTestTenant(db);
    await tenantDb(db, t.tenantId).insertInto('systems', { id: 'aws', name: 'AWS', owner_ids: [], entitlements: [], max_days: 90 }).execute();
    const clock = manualClock(T0);
    const id = await provisioned(t, clock, 'aws', 20);
    clock.set(at(15));
    const alice = ctxAt(t, 'alice', clock);

    // The end date does not move by editing: the requester may not edit, the desk may not move it.
    await expect(updateRecord(alice, accessRequest, id, { expires_at: at(60).toISOString() })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(updateRecord(ctxAt(t, 'ivan', clock), accessRequest, id, { expires_at: at(60).toISOString() })).rejects.toMatchObject({
      kind: 'validation', errors: [{ path: 'expires_at' }],
    });
    // Not someone else's grant; not past the catalogue's 90 days; not earlier than it ends.
    await expect(performAction(ctxAt(t, 'ivan', clock), accessRequest, id, 'extend', { expires_at: at(40).toISOString(), reason: 'mine now' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(performAction(alice, accessRequest, id, 'extend', { expires_at: at(200).toISOString(), reason: 'forever' })).rejects.toMatchObject({
      kind: 'validation', errors: [{ path: 'expires_at' }],
    });
    await expect(performAction(alice, accessRequest, id, 'extend', { expires_at: at(40).toISOString() })).rejects.toMatchObject({ kind: 'validation' });

    const asked = await performAction(alice, accessRequest, id, 'extend', { expires_at: at(40).toISOString(), reason: 'The migration runs late' });
    expect(asked.expires_at).toBe(at(20).toISOString());
    await expect(performAction(alice, accessRequest, id, 'extend', { expires_at: at(45).toISOString(), reason: 'again' })).rejects.toMatchObject({ kind: 'conflict' });
    const items = await engineRows(db, t.tenantId).items(id);
    const ext = items.find((i) => i.status !== 'completed' && i.type === 'approval')!;
    expect(ext).toMatchObject({ assignee_id: t.people.bob.id, total_steps: 1, tags: { extension: { expires_at: at(40).toISOString() } } });
    expect(ext.due_at).toBe(new Date(at(15).getTime() + 48 * 3_600_000).toISOString());

    // The requester does not approve their own extension.
    await expect(performAction(alice, pending, ext.id, 'approve', {})).rejects.toMatchObject({ kind: 'forbidden' });
    await performAction(ctxAt(t, 'bob', clock), pending, ext.id, 'approve', {});
    const after = await engineRows(db, t.tenantId).record('access_requests', id);
    expect(after).toMatchObject({ status: 'provisioned', expires_at: at(40).toISOString() });
    expect((await notificationRows(db, t).of('alice')).some((n) => n.kind === 'decided')).toBe(true);

    // The old end passes: nothing happens; the new one's warnings come.
    await run(t, at(21));
    expect((await engineRows(db, t.tenantId).record('access_requests', id))?.status).toBe('provisioned');
    await run(t, at(33.5));
    expect((await expiring(t)).filter((n) => n.body.includes(at(40).toISOString().slice(0, 10)))).toHaveLength(2);

    // A rejected extension leaves the end where it was.
    await performAction(alice, accessRequest, id, 'extend', { expires_at: at(50).toISOString(), reason: 'One more sprint' });
    const second = (await engineRows(db, t.tenantId).items(id)).find((i) => i.status !== 'completed' && i.type === 'approval')!;
    await performAction(ctxAt(t, 'bob', clock), pending, second.id, 'reject', { comment: 'Ask again when needed' });
    expect((await engineRows(db, t.tenantId).record('access_requests', id))?.expires_at).toBe(at(40).toISOString());
  });

  it('an ended grant is not extended back to life, whether or not the expiry job has run yet', async () => {
    const t = await createTestTenant(db);
    const clock = manualClock(T0);
    const id = await provisioned(t, clock); // until T0 + 10 days
    // Alice asks the day before it ends; Bob approves the morning after the end, before any job has run.
    clock.set(at(9));
    await performAction(ctxAt(t, 'alice', clock), accessRequest, id, 'extend', { expires_at: at(30).toISOString(), reason: 'Still on call' });
    const ext = (await engineRows(db, t.tenantId).items(id)).find((i) => i.status !== 'completed' && i.type === 'approval')!;
    clock.set(at(10.2));
    await expect(performAction(ctxAt(t, 'bob', clock), pending, ext.id, 'approve', {})).rejects.toMatchObject({ kind: 'conflict' });
    expect(await engineRows(db, t.tenantId).record('access_requests', id)).toMatchObject({ status: 'provisioned', expires_at: at(10).toISOString() });
    expect(await db.selectFrom('approval_decisions').select('id').where('tenant_id', '=', t.tenantId).where('pending_id', '=', ext.id).execute()).toEqual([]);
    // Asking (again) once it ended: 409, whatever the job did or did not do; the screen says why.
    await expect(performAction(ctxAt(t, 'alice', clock), accessRequest, id, 'extend', { expires_at: at(40).toISOString(), reason: 'Please' })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('ended on'),
    });
    const grant = (await engineRows(db, t.tenantId).record('access_requests', id))!;
    expect(accessRequest.actions.extend.notYet?.(grant, at(10.2), formatterFor())).toContain('This access ended on');
    expect(accessRequest.actions.extend.notYet?.(grant, at(9.9), formatterFor())).toBeNull();

    // The late job files the revocation and closes the extension that came too late.
    await run(t, at(10.3));
    expect(await engineRows(db, t.tenantId).record('access_requests', id)).toMatchObject({ status: 'completed', expires_at: at(10).toISOString() });
    expect((await engineRows(db, t.tenantId).items(id)).find((i) => i.id === ext.id)?.status).toBe('completed');
    const revokes = await tenantDb(db, t.tenantId).selectFrom('access_requests').select('tags').where('access_type', '=', 'revoke').execute();
    expect(revokes).toEqual([{ tags: { revokes: id } }]);
  });
});
