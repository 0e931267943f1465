/**
 * The typed SDK against the real REST app in-process: the client's fetch calls Hono's app.request, so
 * routing, auth, validation and the database are all real. Each method family runs once, with its errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '@/lib/api/app';
import { createClient, OpsdeskApiError, type OpsdeskClient } from '@/lib/sdk';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';

const app = createApiApp();
const inProcessFetch = (input: string, init: RequestInit) => Promise.resolve(app.request(input, init));

let t: TestTenant;
const clients = {} as Record<PersonKey, OpsdeskClient>;

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function thrown(promise: Promise<unknown>): Promise<OpsdeskApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OpsdeskApiError);
    return error as OpsdeskApiError;
  }
  throw new Error('expected the call to fail');
}

/** The approval item of a record, as its current approver sees it. */
async function approvalItemOf(client: OpsdeskClient, entityId: string) {
  const page = await client.operations.pending.list({ entity_id: entityId, type: 'approval', scope: 'all' });
  expect(page.data).toHaveLength(1);
  return page.data[0];
}

beforeAll(async () => {
  const { db } = await testDatabase();
  t = await createTestTenant(db);
  for (const key of ['alice', 'bob', 'hana', 'ivan', 'tara', 'ada'] as const) {
    clients[key] = createClient({ baseUrl: 'http://opsdesk.test', token: await t.token(key), fetch: inProcessFetch });
  }
});

describe('SDK: auth and me', () => {
  it('exchanges email and password for a token, then reads the caller', async () => {
    const anonymous = createClient({ baseUrl: 'http://opsdesk.test/api/v1/', fetch: inProcessFetch });
    const { token, expires_at } = await anonymous.auth.token({ email: t.people.alice.email, password: 'demo' });
    expect(typeof token).toBe('string');
    expect(new Date(expires_at).getTime()).toBeGreaterThan(Date.now());
    const me = await createClient({ baseUrl: 'http://opsdesk.test', token: () => token, fetch: inProcessFetch }).me();
    expect(me).toMatchObject({ person_id: t.people.alice.id, tenant_id: t.tenantId, email: t.people.alice.email });
  });

  it('throws OpsdeskApiError with the problem on 401', async () => {
    const anonymous = createClient({ baseUrl: 'http://opsdesk.test', fetch: inProcessFetch });
    const error = await thrown(anonymous.auth.token({ email: t.people.alice.email, password: 'wrong' }));
    expect(error.status).toBe(401);
    expect(error.title).toBe('Unauthorized');
    expect(error.problem.status).toBe(401);
    expect((await thrown(anonymous.me())).status).toBe(401);
  });
});

describe('SDK: travel (crud, safe writes, approvals and actions)', () => {
  it('creates, reads, lists, updates with If-Match and walks the lifecycle', async () => {
    const { travel } = clients.alice.operations;
    const created = await travel.create(
      { purpose: 'Customer workshop', destination: 'Lisbon', departure_at: later(10), return_at: later(12), estimated_cost: 900 },
      { idempotencyKey: 'sdk-travel-1' },
    );
    expect(created).toMatchObject({ status: 'requested', destination: 'Lisbon', requester_id: t.people.alice.id });
    expect(created.id).toMatch(/^trv_/);

    // The same key and body replays the first response and writes nothing.
    const replay = await travel.create(
      { purpose: 'Customer workshop', destination: 'Lisbon', departure_at: created.departure_at, return_at: created.return_at, estimated_cost: 900 },
      { idempotencyKey: 'sdk-travel-1' },
    );
    expect(replay.id).toBe(created.id);

    expect(await travel.get(created.id)).toEqual(created);
    const listed = await travel.list({ status: ['requested', 'approved'], destination: 'Lisbon', sort: '-created_at', limit: 10 });
    expect(listed.data.map((r) => r.id)).toContain(created.id);
    expect(listed).toHaveProperty('next_cursor');

    const { record, etag } = await travel.getWithEtag(created.id);
    expect(record.id).toBe(created.id);
    expect(etag).toBeTruthy();
    const updated = await travel.update(created.id, { purpose: 'Customer workshop and offsite' }, { ifMatch: etag! });
    expect(updated.purpose).toBe('Customer workshop and offsite');
    const stale = await thrown(travel.update(created.id, { purpose: 'again' }, { ifMatch: etag! }));
    expect(stale.status).toBe(412);

    // bob (alice's manager) approves through the pending item; tara books; alice completes.
    const item = await approvalItemOf(clients.bob, created.id);
    await clients.bob.operations.pending.approve(item.id, { comment: 'Go' });
    expect((await travel.get(created.id)).status).toBe('approved');
    const booked = await clients.tara.operations.travel.book(created.id, { estimated_cost: 950 });
    expect(booked).toMatchObject({ status: 'booked', estimated_cost: 950 });
    expect(booked.booked_at).toBeTruthy();
    const done = await travel.complete(created.id, { actual_cost: 910 });
    expect(done).toMatchObject({ status: 'completed', actual_cost: 910 });

    // A transition not allowed from the current status: 409 with current_status and allowed_actions.
    const conflict = await thrown(travel.cancel(created.id));
    expect(conflict.status).toBe(409);
    expect(conflict.current_status).toBe('completed');
    expect(Array.isArray(conflict.allowed_actions)).toBe(true);
  });

  it('iterates over every page', async () => {
    const { travel } = clients.alice.operations;
    for (let i = 0; i < 3; i += 1) {
      await travel.create({ purpose: `Trip ${i}`, destination: 'Iteration City', departure_at: later(20 + i), return_at: later(21 + i) });
    }
    const seen: string[] = [];
    for await (const trip of travel.iterate({ destination: 'Iteration City', limit: 2 })) seen.push(trip.id);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('cancels, and rejects through the pending item', async () => {
    const { travel } = clients.alice.operations;
    const one = await travel.create({ purpose: 'Maybe', destination: 'Oslo', departure_at: later(5), return_at: later(6) });
    expect((await travel.cancel(one.id, { reason: 'Plans changed' })).status).toBe('cancelled');
    const two = await travel.create({ purpose: 'No', destination: 'Oslo', departure_at: later(5), return_at: later(6) });
    const item = await approvalItemOf(clients.bob, two.id);
    await clients.bob.operations.pending.reject(item.id, { comment: 'Not this quarter' });
    expect((await travel.get(two.id)).status).toBe('rejected');
  });

  it('reports invalid fields as 422 with errors per field', async () => {
    const error = await thrown(
      clients.alice.operations.travel.create({ purpose: 'Backwards', destination: 'Rome', departure_at: later(3), return_at: later(2) }),
    );
    expect(error.status).toBe(422);
    expect(error.fieldError('return_at')).toBeTruthy();
    expect(error.message).toContain('422');
  });
});

describe('SDK: access requests', () => {
  it('approves through the chain, provisions and completes', async () => {
    const created = await clients.alice.operations.accessRequests.create({
      system_id: 'github',
      access_type: 'new',
      justification: 'Needs to review pull requests.',
    });
    expect(created.status).toBe('pending');
    await clients.bob.operations.accessRequests.approve(created.id, { comment: 'Manager ok' });
    const approved = await clients.ivan.operations.accessRequests.approve(created.id);
    expect(approved.status).toBe('approved');
    const provisioned = await clients.ivan.operations.accessRequests.provision(created.id, {
      entitlement_type: 'write',
      principal_type: 'person',
      principal_id: t.people.alice.id,
      expires_at: later(90),
    });
    expect(provisioned).toMatchObject({ status: 'provisioned', entitlement_type: 'write', granted_by_id: t.people.ivan.id });
    expect((await clients.ivan.operations.accessRequests.complete(created.id)).status).toBe('completed');
  });

  it('answers 403 for an action the caller may not take on a visible record', async () => {
    const created = await clients.alice.operations.accessRequests.create({ system_id: 'aws', access_type: 'new', justification: 'Deploys.' });
    const error = await thrown(clients.alice.operations.accessRequests.approve(created.id));
    expect(error.status).toBe(403);
  });
});

describe('SDK: HR requests', () => {
  it('starts and fulfils with a digital deliverable; rejects with a reason', async () => {
    const { hrRequests } = clients.alice.operations;
    const created = await hrRequests.create({ type: 'employment_letter', description: 'For my visa application.' });
    expect((await clients.hana.operations.hrRequests.start(created.id)).status).toBe('in_progress');
    const missingUrl = await thrown(clients.hana.operations.hrRequests.fulfill(created.id, { deliverable_type: 'digital' }));
    expect(missingUrl.status).toBe(422);
    const fulfilled = await clients.hana.operations.hrRequests.fulfill(created.id, {
      deliverable_type: 'digital',
      deliverable_url: 'https://files.example/letter.pdf',
    });
    expect(fulfilled).toMatchObject({ status: 'completed', fulfilled_by: t.people.hana.id });

    const other = await hrRequests.create({ type: 'certificate', description: 'Training certificate.' });
    expect((await clients.hana.operations.hrRequests.reject(other.id, { reason: 'Not issued by HR' })).status).toBe('rejected');
  });
});

describe('SDK: equipment', () => {
  it('provisions stage by stage and takes it back', async () => {
    const created = await clients.alice.operations.equipment.create({ equipment_type: 'laptop', specification: '14 inch, 32 GB' });
    const item = await approvalItemOf(clients.bob, created.id);
    await clients.bob.operations.pending.approve(item.id);
    const { equipment } = clients.ivan.operations;
    expect((await equipment.provision(created.id, { stage: 'ordered', cost: 1800 })).status).toBe('ordered');
    const wrongStage = await thrown(equipment.provision(created.id, { stage: 'delivered' }));
    expect(wrongStage.status).toBe(409);
    expect((await equipment.provision(created.id, {})).status).toBe('shipped');
    const delivered = await equipment.provision(created.id, { stage: 'delivered' });
    expect(delivered.status).toBe('delivered');
    expect(delivered.delivered_at).toBeTruthy();
    expect((await equipment.return(created.id, { comment: 'Replaced' })).status).toBe('returned');
  });
});

describe('SDK: pending items and delete', () => {
  it('creates, updates the status along its machine, and deletes a pending item', async () => {
    const { pending } = clients.ada.operations;
    const item = await pending.create({ type: 'review', source_id: 'doc-1', title: 'Review the policy', priority: 2, assignee_id: t.people.ada.id });
    expect(item.status).toBe('queued');
    expect((await pending.update(item.id, { status: 'processing' })).status).toBe('processing');
    await pending.delete(item.id);
    const gone = await thrown(pending.get(item.id));
    expect(gone.status).toBe(404);
    expect(gone.detail).toBeTruthy();
  });

  it('soft-deletes a request of mine while it waits, with If-Match', async () => {
    const { equipment } = clients.alice.operations;
    const created = await equipment.create({ equipment_type: 'monitor', specification: '27 inch' });
    const { etag } = await equipment.getWithEtag(created.id);
    await equipment.delete(created.id, { ifMatch: etag! });
    expect((await thrown(equipment.get(created.id))).status).toBe(404);
    expect((await equipment.list()).data.map((r) => r.id)).not.toContain(created.id);
  });

  it('hides another tenant’s record as 404', async () => {
    const { db } = await testDatabase();
    const other = await createTestTenant(db);
    const stranger = createClient({ baseUrl: 'http://opsdesk.test', token: await other.token('ada'), fetch: inProcessFetch });
    const mine = await clients.alice.operations.travel.create({ purpose: 'Private', destination: 'Bern', departure_at: later(4), return_at: later(5) });
    expect((await thrown(stranger.operations.travel.get(mine.id))).status).toBe(404);
  });
});

/** Compile-time checks: the SDK's types come from the schemas (never called; `npm run typecheck` runs them). */
export function typeChecks(client: OpsdeskClient) {
  // @ts-expect-error destination, departure_at and return_at are required on create
  void client.operations.travel.create({ purpose: 'x' });
  // @ts-expect-error not a travel status
  void client.operations.travel.list({ status: 'pending' });
  // @ts-expect-error fulfil needs a body with deliverable_type
  void client.operations.hrRequests.fulfill('hrr_1');
  // @ts-expect-error travel has no provision action
  void client.operations.travel.provision('trv_1');
  // @ts-expect-error not a sort of equipment
  void client.operations.equipment.list({ sort: '-departure_at' });
  void client.operations.equipment.provision('eqp_1', { stage: 'ordered' });
  void client.operations.travel.cancel('trv_1');
  void client.operations.pending.update('pnd_1', { status: 'blocked' }, { ifMatch: '"x"' });
}

describe('SDK: covers the API (issue 11)', () => {
  it('has a call for every operation of the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const calls = new Set<string>();
    const recorder = createClient({
      baseUrl: 'http://opsdesk.test',
      fetch: async (url, init) => {
        calls.add(`${String(init.method).toLowerCase()} ${new URL(url).pathname}`);
        return Response.json({ data: [], next_cursor: null });
      },
      sleep: async () => undefined,
    });
    // Every function of the client, called with two placeholder arguments (ids, or a resource and an id).
    const visit = async (value: unknown, depth: number): Promise<void> => {
      if (depth > 4 || value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      if (typeof value === 'function') {
        try {
          const result = (value as (...args: unknown[]) => unknown)('p1', 'p2');
          if (result && typeof (result as AsyncGenerator).next === 'function') await (result as AsyncGenerator).next();
          else await result;
        } catch {
          // A call the placeholders do not suit still recorded its request, or was never going to.
        }
      }
      for (const key of Object.keys(value)) await visit((value as Record<string, unknown>)[key], depth + 1);
    };
    await visit(recorder, 0);
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    const missing = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) => Object.keys(item).filter((m) => methods.includes(m)).map((method) => ({ method, path })))
      .filter(({ method, path }) => {
        const pattern = new RegExp(`^${method} ${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        return ![...calls].some((call) => pattern.test(call));
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
    expect(calls.size).toBeGreaterThan(60);
  });
});
