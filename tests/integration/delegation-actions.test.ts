/**
 * The server actions of out of office and of asking from the inbox, as each person (the session lookup
 * mocked, the database real): one's own delegation, an admin's for someone else, nobody else's; a
 * question only from the step's approver; another tenant's people and items are not there.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDelegation } from '@/lib/delegation/delegations';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows, fileTravel } from './approvals-support';
import { signInAs } from '../support/signed-in';

vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const { endDelegationAction, loadDelegationAction, setDelegationAction } = await import('@/lib/actions/delegation');
const { askInfoAction } = await import('@/lib/actions/inbox');

let a: TestTenant;
let b: TestTenant;
let rows: ReturnType<typeof engineRows>;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
const as = signInAs;

beforeAll(async () => {
  const { db } = await testDatabase();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
  rows = engineRows(db, a.tenantId);
});

describe('out of office actions', () => {
  it('a person sets, reads and ends their own; the picker lists everyone else of their tenant', async () => {
    as(a, 'bob');
    const set = await setDelegationAction(null, { delegate_id: a.people.tara.id, ends_at: inDays(3) });
    expect(set).toMatchObject({ ok: true, delegation: { delegator_id: a.people.bob.id, delegate_id: a.people.tara.id, active: true } });
    const loaded = await loadDelegationAction(null);
    expect(loaded).toMatchObject({ ok: true, delegation: { delegateId: a.people.tara.id, delegateName: 'Tara Thompson', active: true } });
    const people = loaded.ok ? loaded.people.map((p) => p.id) : [];
    expect(people).not.toContain(a.people.bob.id);
    expect(people).toContain(a.people.tara.id);
    expect(people).not.toContain(b.people.tara.id);
    expect(await endDelegationAction(null)).toEqual({ ok: true });
    expect(await getDelegation(a.ctx('bob'), a.people.bob.id)).toBeNull();
  });

  it('field errors come back for the form; nobody but an admin sets or ends one for someone else', async () => {
    as(a, 'bob');
    const self = await setDelegationAction(null, { delegate_id: a.people.bob.id, ends_at: inDays(2) });
    expect(self).toMatchObject({ ok: false, status: 422, errors: [expect.objectContaining({ path: 'delegate_id' })] });
    const otherTenant = await setDelegationAction(null, { delegate_id: b.people.tara.id, ends_at: inDays(2) });
    expect(otherTenant).toMatchObject({ ok: false, status: 422 });

    as(a, 'alice');
    expect(await setDelegationAction(a.people.bob.id, { delegate_id: a.people.alice.id, ends_at: inDays(2) })).toMatchObject({ ok: false, status: 403 });
    as(b, 'ada');
    expect(await setDelegationAction(a.people.bob.id, { delegate_id: b.people.tara.id, ends_at: inDays(2) })).toMatchObject({ ok: false, status: 404 });

    as(a, 'ada');
    expect(await setDelegationAction(a.people.bob.id, { delegate_id: a.people.ivan.id, ends_at: inDays(2) })).toMatchObject({ ok: true });
    as(a, 'alice');
    expect(await endDelegationAction(a.people.bob.id)).toMatchObject({ ok: false, status: 403 });
    expect(await getDelegation(a.ctx('bob'), a.people.bob.id)).toMatchObject({ delegate_id: a.people.ivan.id });
    as(a, 'ada');
    expect(await endDelegationAction(a.people.bob.id)).toEqual({ ok: true });
  });
});

describe('asking from the inbox', () => {
  it('only the step’s approver asks, with a question; the item then waits for the answer', async () => {
    const trip = await fileTravel(a, 'alice', 300);
    const item = await rows.approval(trip.id);
    as(a, 'alice'); // the requester sees the item (she answers on it) but does not ask
    expect(await askInfoAction(item.id, 'Me?')).toMatchObject({ ok: false, status: 403 });
    as(a, 'hana');
    expect(await askInfoAction(item.id, 'Which customer?')).toMatchObject({ ok: false, status: 404 });
    as(b, 'bob');
    expect(await askInfoAction(item.id, 'Which customer?')).toMatchObject({ ok: false, status: 404 });
    as(a, 'bob');
    expect(await askInfoAction(item.id, '   ')).toMatchObject({ ok: false, status: 422 });
    expect(await askInfoAction(item.id, 'Which customer?')).toEqual({ ok: true, status: 'blocked' });
    expect(await askInfoAction(item.id, 'And again?')).toMatchObject({ ok: false, status: 409 });
  });
});
