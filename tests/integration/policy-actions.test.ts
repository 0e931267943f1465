/**
 * The policy screens' server actions (lib/actions/policies.ts) over a real database; only the session
 * lookup is mocked. Saving is for admins; the dry run and the form preview come from the same code as
 * filing; editing a request whose approval is open is reported, so the form can say saving restarts it.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { fileTravel } from './approvals-support';
import { signInAs } from '../support/signed-in';

vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const { savePolicyAction, dryRunPolicyAction, findRequestsAction, previewApprovalAction } = await import('@/lib/actions/policies');

let db: Kysely<Database>;
let t: TestTenant;
const as = (who: PersonKey) => signInAs(t, who);

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

describe('policy actions', () => {
  it('only admins save; a bad step comes back with the path of its input', async () => {
    as('bob');
    expect(await savePolicyAction('equipment', [])).toMatchObject({ ok: false, status: 403 });
    as('ada');
    const bad = await savePolicyAction('equipment', [{ approver: { kind: 'person', person_id: 'per_nobody' } }]);
    expect(bad).toMatchObject({ ok: false, status: 422, errors: [{ path: 'steps.0.approver.person_id' }] });
    const saved = await savePolicyAction('equipment', [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'it' } }]);
    expect(saved).toMatchObject({ ok: true, policy: { resource: 'equipment', version: 2 } });
    expect(await savePolicyAction('payroll', [])).toMatchObject({ ok: false, status: 404 });
  });

  it('a dry run shows the draft chain beside the one in force, for a request found by search', async () => {
    const trip = await fileTravel(t, 'alice', 700, { destination: `Dryrun ${t.slug}` });
    as('ada');
    const found = await findRequestsAction('travel', `Dryrun ${t.slug}`);
    expect(found).toMatchObject({ ok: true, requests: [{ id: trip.id, title: `Trip to Dryrun ${t.slug}` }] });
    const run = await dryRunPolicyAction('travel', [{ approver: { kind: 'role', role: 'it' } }], trip.id);
    if (!run.ok) throw new Error(run.error);
    expect(run.draft.steps.map((s) => s.approvers.map((a) => a.name))).toEqual([['Ivan Ilic']]);
    expect(run.current.steps.map((s) => s.approvers.map((a) => a.id))).toEqual([[t.people.bob.id]]);
    as('hana');
    expect(await dryRunPolicyAction('travel', [], trip.id)).toMatchObject({ ok: false, status: 404 });
  });

  it('the form preview: the draft chain, and whether saving an edit restarts an open approval', async () => {
    as('alice');
    const draft = await previewApprovalAction('travel', { estimated_cost: 5000, policy: { steps: [] } });
    if (!draft.ok) throw new Error(draft.error);
    expect(draft.approval).toBe('none');
    expect(draft.steps.map((s) => s.approvers.map((a) => a.id))).toEqual([[t.people.bob.id], [t.people.ada.id]]);
    const trip = await fileTravel(t, 'alice', 300);
    const open = await previewApprovalAction('travel', { ...trip, estimated_cost: 300 }, trip.id);
    expect(open).toMatchObject({ ok: true, approval: 'open' });
    as('hana');
    expect(await previewApprovalAction('travel', {}, trip.id)).toMatchObject({ ok: false, status: 404 });
    as('alice');
    const hr = await previewApprovalAction('hr-requests', { type: 'employment_letter' });
    expect(hr).toMatchObject({ ok: true, steps: [] });
  });
});
