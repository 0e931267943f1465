/**
 * The screens' data for delegation, asking for information and disabled buttons with reasons: the inbox
 * marks what a delegate decides "for Bob", the detail screen shows which actions a person would expect
 * and why they may not take them (the policy's words, never re-derived), who decided on whose behalf,
 * and an open question.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDetail } from '@/components/records/detail-data';
import { endDelegation, setDelegation } from '@/lib/delegation/delegations';
import { loadInbox } from '@/lib/operations/inbox-view';
import { pending, travel } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { fileTravel } from './approvals-support';

let t: TestTenant;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
const buttons = async (who: PersonKey, id: string) =>
  (await loadDetail(t.ctx(who), travel, id)).actions.map((b) => ({ action: b.action, disabledReason: b.disabledReason }));
const DECISIONS = new Set(['approve', 'reject', 'request_info']);
/** The decision buttons only (a trip's cancel is the requester's and the travel desk's own action). */
const decisions = async (who: PersonKey, id: string) => (await buttons(who, id)).filter((b) => DECISIONS.has(b.action));

beforeAll(async () => {
  const { db } = await testDatabase();
  t = await createTestTenant(db);
});

describe('delegation on the screens', () => {
  it('marks the delegate’s inbox entries "for Bob", and the chain and timeline say Tara decided on his behalf', async () => {
    await setDelegation(t.ctx('bob'), t.people.bob.id, { delegate_id: t.people.tara.id, ends_at: inDays(3) });
    const trip = await fileTravel(t, 'alice', 400);

    const tara = (await loadInbox(t.ctx('tara'))).find((e) => e.entityId === trip.id)!;
    expect(tara.onBehalfOf).toEqual({ id: t.people.bob.id, name: 'Bob Brennan' });
    const bob = (await loadInbox(t.ctx('bob'))).find((e) => e.entityId === trip.id)!;
    expect(bob.onBehalfOf).toBeNull();
    expect(await decisions('tara', trip.id)).toEqual([
      { action: 'approve', disabledReason: null },
      { action: 'reject', disabledReason: null },
      { action: 'request_info', disabledReason: null },
    ]);

    await performAction(t.ctx('tara'), pending, tara.id, 'approve', { comment: 'Covering for Bob' });
    const detail = await loadDetail(t.ctx('alice'), travel, trip.id);
    expect(detail.chain!.steps[0]).toMatchObject({ decision: 'approved', decided_by: t.people.tara.id, on_behalf_of: t.people.bob.id });
    const decision = detail.chain!.decisions.find((d) => d.decided_by === t.people.tara.id)!;
    expect(decision).toMatchObject({ on_behalf_of: t.people.bob.id, comment: 'Covering for Bob' });
    // The timeline pairs the decision's audit row with the decision by actor and instant.
    const approved = detail.audit.find((e) => e.action === 'approve')!;
    expect(approved.created_at).toBe(decision.decided_at);
    await endDelegation(t.ctx('bob'), t.people.bob.id);
    expect((await loadInbox(t.ctx('tara'))).some((e) => e.onBehalfOf)).toBe(false);
  });
});

describe('disabled actions with the policy’s reasons', () => {
  it('the requester sees Approve and Reject disabled on her own request; bystanders see none', async () => {
    const trip = await fileTravel(t, 'alice', 300);
    expect(await buttons('alice', trip.id)).toEqual([
      { action: 'approve', disabledReason: 'Nobody approves their own request.' },
      { action: 'reject', disabledReason: 'Nobody approves their own request.' },
      { action: 'cancel', disabledReason: null },
    ]);
    expect(await decisions('tara', trip.id)).toEqual([]); // the travel desk sees the trip, but the step is not hers
    expect(await decisions('bob', trip.id)).toEqual([
      { action: 'approve', disabledReason: null },
      { action: 'reject', disabledReason: null },
      { action: 'request_info', disabledReason: null },
    ]);
  });

  it('a travel desk holder sees Book disabled on her own trip, with the desk rule’s reason', async () => {
    const trip = await fileTravel(t, 'tara', 300);
    const { chain } = await loadDetail(t.ctx('ada'), travel, trip.id);
    await performAction(t.ctx('ada'), pending, chain!.itemId, 'approve', {});
    const own = await buttons('tara', trip.id);
    expect(own).toContainEqual({ action: 'book', disabledReason: expect.stringMatching(/^Another holder of the desk role or an admin takes this action/) });
    expect(own).toContainEqual({ action: 'cancel', disabledReason: null });
  });
});

describe('asking for information on the screens', () => {
  it('the item waits with its reason in the inbox; the detail shows the question until the requester answers', async () => {
    const trip = await fileTravel(t, 'alice', 500);
    const item = (await loadInbox(t.ctx('bob'))).find((e) => e.entityId === trip.id)!;
    expect(item).toMatchObject({ waitingForAnswer: false, blockedReason: null });
    await performAction(t.ctx('bob'), pending, item.id, 'request_info', { comment: 'Which customer is this for?' });

    const waiting = (await loadInbox(t.ctx('bob'))).find((e) => e.entityId === trip.id)!;
    expect(waiting).toMatchObject({ waitingForAnswer: true, blockedReason: 'Waiting for Alice Archer to answer Bob Brennan’s question.' });
    const detail = await loadDetail(t.ctx('alice'), travel, trip.id);
    expect(detail.infoRequest).toMatchObject({ itemId: item.id, askedBy: t.people.bob.id, requesterId: t.people.alice.id, question: 'Which customer is this for?' });
    const reason = 'Waiting for Alice Archer to answer Bob Brennan’s question.';
    expect(await decisions('bob', trip.id)).toEqual([
      { action: 'approve', disabledReason: reason },
      { action: 'reject', disabledReason: reason },
      { action: 'request_info', disabledReason: 'A question is already waiting for the requester’s answer.' },
    ]);

    await performAction(t.ctx('alice'), pending, item.id, 'respond', { comment: 'Contoso, the renewal.' });
    expect((await loadDetail(t.ctx('alice'), travel, trip.id)).infoRequest).toBeNull();
    expect((await loadInbox(t.ctx('bob'))).find((e) => e.entityId === trip.id)).toMatchObject({ waitingForAnswer: false, blockedReason: null });
    const thread = (await loadDetail(t.ctx('bob'), travel, trip.id)).audit.filter((e) => e.action === 'request_info' || e.action === 'respond');
    expect(thread.map((e) => [e.action, e.comment])).toEqual([
      ['request_info', 'Which customer is this for?'],
      ['respond', 'Contoso, the renewal.'],
    ]);
  });
});
