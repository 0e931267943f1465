/**
 * Two IT approvers are both required (issue 9): under a policy "Manager, then 2 of IT", a laptop request
 * goes from bob to the IT desk, where one approval is not enough — the request stays requested until a
 * second, different IT person approves it.
 */
import type { APIRequestContext } from '@playwright/test';
import { decideFromRow, expect, signIn, test } from './fixtures';

const marker = () => `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function bearer(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const res = await request.post('/api/v1/auth/token', { data: { email, password: 'demo' } });
  expect(res.status(), await res.text()).toBe(200);
  return { Authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

async function personId(request: APIRequestContext, auth: Record<string, string>, email: string): Promise<{ id: string; roles: string[] }> {
  const res = await request.get(`/api/v1/people?q=${encodeURIComponent(email)}`, { headers: auth });
  expect(res.status(), await res.text()).toBe(200);
  const person = ((await res.json()) as { data: { id: string; email: string; roles: string[] }[] }).data.find((p) => p.email === email);
  expect(person, email).toBeTruthy();
  return person!;
}

test('a laptop under "Manager, then 2 of IT" needs both IT approvers', async ({ page, request }) => {
  const admin = await bearer(request, 'ada@acme.example');
  const tara = await personId(request, admin, 'tara@acme.example');
  const before = await request.get('/api/v1/approval-policies/equipment', { headers: admin });
  const original = ((await before.json()) as { steps: unknown[] }).steps;
  // tara joins the IT desk, so that IT has two people
  expect((await request.patch(`/api/v1/people/${tara.id}`, { headers: admin, data: { roles: [...new Set([...tara.roles, 'it'])] } })).status()).toBe(200);
  const policy = await request.put('/api/v1/approval-policies/equipment', {
    headers: admin,
    data: { steps: [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'it' }, rule: { min: 2 } }] },
  });
  expect(policy.status(), await policy.text()).toBe(200);
  try {
    const spec = `Laptop ${marker()}`;
    const alice = await bearer(request, 'alice@acme.example');
    const filed = await request.post('/api/v1/operations/equipment', { headers: alice, data: { equipment_type: 'laptop', specification: spec } });
    expect(filed.status(), await filed.text()).toBe(201);
    const { id } = (await filed.json()) as { id: string };

    await signIn(page, 'bob');
    await page.goto('/inbox');
    const bobRow = page.getByTestId('inbox-item').filter({ hasText: spec }).and(page.locator('[data-kind="approval"]'));
    await decideFromRow(bobRow.getByRole('button', { name: /^Approve/ }));
    // The row leaves at once; the toast is the server's answer (leaving the page earlier would cancel it).
    await expect(page.getByText(/^Approved “/).first()).toBeVisible();
    await expect(bobRow).toHaveCount(0);

    await signIn(page, 'ivan');
    await page.goto('/inbox');
    const ivanRow = page.getByTestId('inbox-item').filter({ hasText: spec }).and(page.locator('[data-kind="approval"]'));
    await expect(ivanRow).toContainText('step 2 of 2');
    await decideFromRow(ivanRow.getByRole('button', { name: /^Approve/ }));
    // The row leaves at once; the toast is the server's answer (leaving the page earlier would cancel it).
    await expect(page.getByText(/^Approved “/).first()).toBeVisible();
    await expect(ivanRow).toHaveCount(0);
    // One IT approval is not enough: the laptop is still waiting, now on the other IT person only.
    await page.goto(`/equipment/${id}`);
    await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', 'requested');

    await signIn(page, 'tara');
    await page.goto('/inbox');
    const taraRow = page.getByTestId('inbox-item').filter({ hasText: spec }).and(page.locator('[data-kind="approval"]'));
    await expect(taraRow).toContainText('step 2 of 2');
    await decideFromRow(taraRow.getByRole('button', { name: /^Approve/ }));
    // The row leaves at once; the toast is the server's answer (leaving the page earlier would cancel it).
    await expect(page.getByText(/^Approved “/).first()).toBeVisible();
    await expect(taraRow).toHaveCount(0);
    await page.goto(`/equipment/${id}`);
    await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', 'approved');
  } finally {
    await request.put('/api/v1/approval-policies/equipment', { headers: admin, data: { steps: original } });
    await request.patch(`/api/v1/people/${tara.id}`, { headers: admin, data: { roles: tara.roles } });
  }
});
