import { beforeAll, describe, expect, it } from 'vitest';
import { loadInbox } from '@/lib/operations/inbox-view';
import { accessRequest, hrRequest, pending, travel } from '@/lib/operations/registry';
import { createRecord, performAction } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let t: TestTenant;

beforeAll(async () => {
  const { db } = await testDatabase();
  t = await createTestTenant(db);
});

const days = (n: number) => new Date(Date.now() + n * 24 * 3600 * 1000).toISOString();

describe('the inbox as the screen shows it', () => {
  it('shows the request inline, urgent first, and never my own requests', async () => {
    const access = await createRecord(t.ctx('alice'), accessRequest, { system_id: 'github', access_type: 'new', justification: 'Push access for checkout work.' });
    const soon = await createRecord(t.ctx('alice'), travel, { purpose: 'Client visit', destination: 'Oslo', departure_at: days(1), return_at: days(2), estimated_cost: 900 });
    await createRecord(t.ctx('bob'), accessRequest, { system_id: 'okta', access_type: 'modify', justification: 'Onboarding.' });

    const bob = await loadInbox(t.ctx('bob'));
    expect(bob.map((e) => e.entityId)).toEqual([soon.id, access.id]);
    const [trip, github] = bob;
    expect(trip).toMatchObject({ kind: 'approval', priority: 1, typeLabel: 'Travel request', href: `/travel/${soon.id}`, requester: { name: 'Alice Archer' }, summary: 'Client visit' });
    expect(trip.fields.map((f) => f.label)).toEqual(['Destination', 'Dates', 'Estimated cost']);
    expect(trip.fields[2].value).toBe('$900.00');
    expect(github).toMatchObject({ step: { index: 0, total: 2 }, summary: 'Push access for checkout work.', overdue: false, deskActions: [] });
    expect(github.fields).toContainEqual({ label: 'System', value: 'github' });
  });

  it('offers the desk its next action on tasks', async () => {
    const letter = await createRecord(t.ctx('alice'), hrRequest, { type: 'employment_letter', description: 'For my landlord.', deliverable_type: 'digital' });
    const hana = await loadInbox(t.ctx('hana'));
    const task = hana.find((e) => e.entityId === letter.id)!;
    expect(task).toMatchObject({ kind: 'task', deskRole: 'hr', recordStatus: 'pending' });
    expect(task.deskActions.map((a) => [a.action, a.closesTask, a.opens ?? null])).toEqual([
      ['start', false, null],
      ['fulfill', true, 'document'],
      ['fulfill', true, null],
      ['reject', true, null],
    ]);
    expect(task.deskActions[2].fields[0]).toMatchObject({ name: 'deliverable_type', defaultValue: 'digital' });
  });

  it('moves an access request from bob to the IT desk, then to its provisioning task', async () => {
    const request = await createRecord(t.ctx('alice'), accessRequest, { system_id: 'aws', access_type: 'new', justification: 'Staging.' });
    const item = (await loadInbox(t.ctx('bob'))).find((e) => e.entityId === request.id)!;
    await performAction(t.ctx('bob'), pending, item.id, 'approve', { comment: 'ok' });
    expect((await loadInbox(t.ctx('bob'))).some((e) => e.entityId === request.id)).toBe(false);
    const ivanStep = (await loadInbox(t.ctx('ivan'))).find((e) => e.entityId === request.id)!;
    expect(ivanStep).toMatchObject({ kind: 'approval', step: { index: 1, total: 2 } });
    await performAction(t.ctx('ivan'), pending, ivanStep.id, 'approve', {});
    const task = (await loadInbox(t.ctx('ivan'))).find((e) => e.entityId === request.id)!;
    expect(task).toMatchObject({ kind: 'task', recordStatus: 'approved' });
    expect(task.deskActions.map((a) => a.action)).toEqual(['provision']);
  });
});
