import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { approvalItemOf, createVia, item } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let t: TestTenant;
let db: Awaited<ReturnType<typeof testDatabase>>['db'];

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

describe('a step assigned to a role', () => {
  it('makes the record visible to the role’s holders, who may then decide it', async () => {
    const request = await createVia(t, 'alice', 'equipment');
    const hana = await t.token('hana');
    expect((await api('GET', item('equipment', request.id), { token: hana })).status).toBe(404);

    // An admin hands bob's step to the HR desk.
    const approval = await approvalItemOf(db, t, request.id);
    const reassigned = await api('PATCH', item('pending', approval!.id), {
      token: await t.token('ada'),
      body: { assignee_id: null, assignee_role: 'hr' },
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body).toMatchObject({ assignee_id: null, assignee_role: 'hr' });

    expect((await api('GET', item('equipment', request.id), { token: hana })).status).toBe(200);
    const decided = await api('POST', item('pending', approval!.id, 'approve'), { token: hana, body: { comment: 'Covered by the HR budget.' } });
    expect(decided.status).toBe(200);
    const after = await api('GET', item('equipment', request.id), { token: hana });
    expect(after.body).toMatchObject({ status: 'approved', approver_id: t.people.hana.id });
  });
});
