/**
 * Webhooks (engine.md §6): endpoints over REST, every event delivered signed to a real local receiver
 * through the job runner (injected clock), retries, the delivery log, auto-disable after 10 failed
 * deliveries with the admins told, re-enable and retry, an integration's endpoints, private addresses.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import '@/lib/jobs/handlers';
import { runDueJobs } from '@/lib/jobs/runner';
import { safeLookup, urlProblem } from '@/lib/webhooks/address';
import { postSigned } from '@/lib/webhooks/deliver';
import { explorerCatalog } from '@/components/explorer/catalog';
import { createClient } from '@/lib/sdk';
import { verifyWebhook, WebhookVerificationError } from '@/lib/sdk/webhooks';
import { accessRequest } from '@/lib/operations/registry';
import { createRecord, performAction } from '@/lib/operations/service';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { integrationToken } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let server: Server;
let base: string;
const received: { path: string; headers: Record<string, string>; body: string }[] = [];
let answer = 200;

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
  if (server) await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  answer = 200;
});

let clock = Date.now();
/** Runs this tenant's due jobs at a moment later than the last run (retries' backoff passes). */
async function runJobs(aheadMs = 60_000) {
  clock = Math.max(clock, Date.now()) + aheadMs;
  return runDueJobs({ now: new Date(clock), tenantIds: [t.tenantId] });
}

const at = (path: string) => received.filter((r) => r.path === path);
const eventsAt = (path: string) => at(path).map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });

describe('webhooks', () => {
  it('admins add endpoints (secret once); others may not; private addresses need WEBHOOK_ALLOW_PRIVATE', async () => {
    const ada = await t.token('ada');
    expect((await api('POST', '/api/v1/webhooks', { token: await t.token('bob'), body: { url: `${base}/x`, events: ['record.created'] } })).status).toBe(403);
    const bad = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: 'ftp://example.com', events: ['nope'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['events.0', 'url']);
    expect(urlProblem('http://127.0.0.1:9/x', false)).toMatch(/Private/);
    expect(urlProblem('http://[::1]/x', false)).toMatch(/Private/);
    expect(urlProblem('http://169.254.169.254/latest', false)).toMatch(/Private/);
    expect(urlProblem('https://hooks.example.com/x', false)).toBeNull();
    // Other spellings of loopback and private hosts: IPv4-mapped and -compatible IPv6, a decimal or hex
    // address (URL normalises it), a trailing dot, 0.0.0.0.
    for (const url of ['http://[::ffff:127.0.0.1]/x', 'http://[::127.0.0.1]/x', 'http://2130706433/x', 'http://0x7f.1/x', 'http://localhost./x', 'http://0.0.0.0/x', 'http://10.1.2.3/x', 'http://[fd00::1]/x']) {
      expect(urlProblem(url, false), url).toMatch(/Private/);
    }
    // At delivery, the address a name resolves to is checked when connecting (DNS rebinding).
    const refused = await new Promise<string>((resolve) => safeLookup(false)('localhost', {}, (error) => resolve(String(error?.message))));
    expect(refused).toMatch(/private address/);
    const direct = await postSigned('http://localhost:9/x', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', '{}', new Date());
    expect(direct.ok).toBe(false);

    const created = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/admin`, events: ['record.created'], description: 'CRM' } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const got = await api('GET', `/api/v1/webhooks/${created.body.id}`, { token: ada });
    expect(got.body).toMatchObject({ url: `${base}/admin`, events: ['record.created'], enabled: true, description: 'CRM' });
    expect(got.body.secret).toBeUndefined();
    // Without WEBHOOK_ALLOW_PRIVATE, the API refuses a private address when an endpoint is added or changed,
    // and a delivery to one already saved (while it was allowed) is refused when connecting, never sent.
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    try {
      for (const url of [`${base}/x`, 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/x', 'http://localhost./x']) {
        const refusedUrl = await api('POST', '/api/v1/webhooks', { token: ada, body: { url, events: ['record.created'] } });
        expect(refusedUrl.status, url).toBe(422);
        expect(refusedUrl.body.errors.map((e: { path: string }) => e.path)).toEqual(['url']);
      }
      const moved = await api('PATCH', `/api/v1/webhooks/${created.body.id}`, { token: ada, body: { url: 'http://192.168.1.10/hook' } });
      expect(moved.status).toBe(422);
      expect(moved.body.errors.map((e: { path: string }) => e.path)).toEqual(['url']);
      await api('POST', '/api/v1/operations/pending', { token: ada, body: { type: 'task', source_id: 'private', title: 'To a private address' } });
      await runJobs();
      expect(at('/admin')).toEqual([]);
      const log = await api('GET', `/api/v1/webhooks/${created.body.id}/deliveries`, { token: ada });
      expect(log.body.data[0]).toMatchObject({ attempts: 1, response_status: null, error: expect.stringMatching(/[Pp]rivate/) });
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
    }
    expect((await api('DELETE', `/api/v1/webhooks/${created.body.id}`, { token: ada })).status).toBe(204);
    // The OpenAPI document (and so the explorer) lists every webhook path, and the steps of an external approval.
    const doc = await api('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/webhooks', '/api/v1/webhooks/{id}', '/api/v1/webhooks/{id}/deliveries', '/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry']),
    );
    expect(JSON.stringify(doc.body.components.schemas.PendingCreate)).toContain('steps');
    // The explorer lists each of them, with an SDK method that exists.
    const webhooks = explorerCatalog().find((r) => r.resource === 'webhooks')!;
    const listed = webhooks.operations.map((o) => `${o.method.toLowerCase()} ${o.path}`);
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/v1/webhooks'))
      .flatMap(([path, methods]) => Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((method) => `${method} ${path}`));
    expect(listed.sort()).toEqual(documented.sort());
    const sdk = createClient({ baseUrl: 'http://x' }).webhooks as unknown as Record<string, unknown>;
    for (const o of webhooks.operations) expect(typeof sdk[o.sdkMethod], o.sdkMethod).toBe('function');
  });

  it('delivers every event, signed, through the job runner', async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', {
      token: ada,
      body: { url: `${base}/all`, events: ['record.created', 'record.status_changed', 'approval.step_assigned', 'approval.decided', 'pending.completed'] },
    });
    const trip = await api('POST', '/api/v1/operations/travel', {
      token: await t.token('alice'),
      body: { purpose: 'Workshop', destination: 'Berlin', departure_at: '2030-03-01T08:00:00Z', return_at: '2030-03-02T18:00:00Z', estimated_cost: 300 },
    });
    expect(trip.status).toBe(201);
    await runJobs();
    expect(eventsAt('/all').map((e) => e.type).sort()).toEqual(['approval.step_assigned', 'record.created']);
    const bob = await t.token('bob');
    const item = (await api('GET', `/api/v1/operations/pending?entity_id=${trip.body.id}&type=approval&scope=all`, { token: bob })).body.data[0];
    const approved = await api('POST', `/api/v1/operations/pending/${item.id}/approve`, { token: bob, body: {} });
    expect(approved.status).toBe(200);
    await runJobs();
    const events = eventsAt('/all');
    expect(events.map((e) => e.type).sort()).toEqual(['approval.decided', 'approval.step_assigned', 'pending.completed', 'record.created', 'record.status_changed']);
    expect(events.find((e) => e.type === 'record.status_changed')?.data).toMatchObject({ id: trip.body.id, status: 'approved', previous_status: 'requested' });
    expect(events.find((e) => e.type === 'approval.decided')?.data).toMatchObject({ entity_id: trip.body.id, outcome: 'approved', decision: { decision: 'approve', decided_by: t.people.bob.id } });
    // Each is signed with the endpoint's secret: the SDK's verifier and the reference library accept it.
    for (const delivery of at('/all')) {
      expect(delivery.headers['webhook-signature']).toMatch(/^v1,/);
      expect(() => new Webhook(hook.body.secret).verify(delivery.body, delivery.headers)).not.toThrow();
      expect(verifyWebhook(hook.body.secret, delivery.body, delivery.headers)).toMatchObject({ type: expect.any(String) });
    }
    const log = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { token: ada });
    expect(log.body.data).toHaveLength(5);
    expect(log.body.data[0]).toMatchObject({ status: 'succeeded', response_status: 200, attempts: 1 });
    expect(typeof log.body.data[0].duration_ms).toBe('number');
    await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
  });

  it("an integration key's endpoint receives only its app's records; other keys cannot see it", async () => {
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const other = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const hook = await api('POST', '/api/v1/webhooks', { token: key.token, body: { url: `${base}/app`, events: ['record.created', 'pending.completed', 'approval.decided'] } });
    expect(hook.status).toBe(201);
    expect(hook.body.app_id).toBe(key.appId);
    expect((await api('GET', `/api/v1/webhooks/${hook.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api('GET', '/api/v1/webhooks', { token: other.token })).body.data).toEqual([]);
    expect((await api('GET', '/api/v1/webhooks', { token: await t.token('ada') })).body.data.map((h: { id: string }) => h.id)).toContain(hook.body.id);
    // Another app's key: nothing of this endpoint, by any route; a person who is not an admin: 403.
    const other404 = [
      await api('PATCH', `/api/v1/webhooks/${hook.body.id}`, { token: other.token, body: { url: `${base}/stolen` } }),
      await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { token: other.token }),
      await api('POST', `/api/v1/webhooks/${hook.body.id}/deliveries/msg_01JD3M4V6X8Q9R2S3T4V5W6X7Y/retry`, { token: other.token }),
      await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: other.token }),
    ];
    expect(other404.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect((await api('GET', '/api/v1/webhooks', { token: await t.token('bob') })).status).toBe(403);
    expect((await api('GET', `/api/v1/webhooks/${hook.body.id}`, { token: await t.token('bob') })).status).toBe(403);
    // The key sees only its own app's endpoints, not the admins'.
    const admins = await api('POST', '/api/v1/webhooks', { token: await t.token('ada'), body: { url: `${base}/admins`, events: ['record.created'] } });
    expect((await api('GET', '/api/v1/webhooks', { token: key.token })).body.data.map((h: { id: string }) => h.id)).toEqual([hook.body.id]);
    expect((await api('GET', `/api/v1/webhooks/${admins.body.id}`, { token: key.token })).status).toBe(404);
    await api('DELETE', `/api/v1/webhooks/${admins.body.id}`, { token: await t.token('ada') });

    await api('POST', '/api/v1/operations/pending', { token: await t.token('ada'), body: { type: 'task', source_id: 'x', title: 'Not the app’s' } });
    const filed = await api('POST', '/api/v1/operations/pending', {
      token: key.token,
      body: { type: 'approval', source_id: 'exp_9', entity_type: 'Expense', entity_id: 'exp_9', title: 'Taxi', requested_by_id: t.people.alice.id, steps: [{ assignee_id: t.people.bob.id }] },
    });
    await api('POST', `/api/v1/operations/pending/${filed.body.id}/approve`, { token: await t.token('bob'), body: {} });
    await runJobs();
    const events = eventsAt('/app');
    expect(events.map((e) => e.type).sort()).toEqual(['approval.decided', 'pending.completed', 'record.created']);
    expect(events.every((e) => e.data.app_id === key.appId)).toBe(true);
    expect(events.find((e) => e.type === 'pending.completed')?.data).toMatchObject({ outcome: 'approved', status: 'completed' });
    await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: key.token });
  });

  it('retries with backoff, switches off after 10 failed deliveries and tells the admins; PATCH re-enables, retry resends', async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/down`, events: ['record.created'] } });
    answer = 500;
    for (let i = 0; i < 10; i++) {
      await api('POST', '/api/v1/operations/pending', { token: ada, body: { type: 'task', source_id: `s${i}`, title: `Task ${i}` } });
    }
    await runJobs(0);
    expect(at('/down')).toHaveLength(10);
    const firstPass = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries?limit=100`, { token: ada });
    expect(firstPass.body.data[0]).toMatchObject({ status: 'pending', attempts: 1, response_status: 500, response_excerpt: 'receiver is down' });
    // Not before the backoff has passed.
    await runDueJobs({ now: new Date(clock + 1000), tenantIds: [t.tenantId] });
    expect(at('/down')).toHaveLength(10);
    for (let i = 0; i < 6; i++) await runJobs(2 * 60 * 60_000);
    expect(at('/down')).toHaveLength(60);
    const off = await api('GET', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
    expect(off.body).toMatchObject({ enabled: false, consecutive_failures: 10 });
    expect(off.body.disabled_reason).toMatch(/10 failed deliveries/);
    const told = await tenantDb(db, t.tenantId).selectFrom('notifications').select('recipient_id').where('kind', '=', 'webhook_disabled').execute();
    expect(told.map((n) => n.recipient_id)).toEqual([t.people.ada.id]);
    const log = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries?status=failed&limit=5`, { token: ada });
    expect(log.body.data).toHaveLength(5);
    expect(log.body.data[0]).toMatchObject({ status: 'failed', attempts: 6, response_status: 500 });
    expect(log.body.next_cursor).toBeTruthy();
    const next = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries?status=failed&limit=5&cursor=${encodeURIComponent(log.body.next_cursor)}`, { token: ada });
    expect(next.body.data).toHaveLength(5);

    // Off: a new event is not sent. Re-enabled and retried: delivered.
    await api('POST', '/api/v1/operations/pending', { token: ada, body: { type: 'task', source_id: 'late', title: 'Late' } });
    await runJobs();
    expect(at('/down')).toHaveLength(60);
    answer = 200;
    const on = await api('PATCH', `/api/v1/webhooks/${hook.body.id}`, { token: ada, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, consecutive_failures: 0, disabled_reason: null });
    const failed = log.body.data[0];
    const retried = await api('POST', `/api/v1/webhooks/${hook.body.id}/deliveries/${failed.id}/retry`, { token: ada });
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending' });
    await runJobs();
    expect(at('/down').at(-1)?.headers['webhook-id']).toBe(failed.id);
    const after = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries?limit=100`, { token: ada });
    expect(after.body.data.find((d: { id: string }) => d.id === failed.id)).toMatchObject({ status: 'succeeded', attempts: 7, response_status: 200 });
    expect((await api('POST', `/api/v1/webhooks/${hook.body.id}/deliveries/${failed.id}/retry`, { token: ada })).status).toBe(409);
  });

  it('a real delivery is refused by the verifier with a wrong secret, a changed body, or replayed 10 minutes later', async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/verify`, events: ['record.created'] } });
    await api('POST', '/api/v1/operations/pending', { token: ada, body: { type: 'task', source_id: 'verify', title: 'Signed' } });
    await runJobs();
    const [delivery] = at('/verify');
    expect(delivery).toBeDefined();
    const sentAt = Number(delivery.headers['webhook-timestamp']) * 1000;
    const other = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/other`, events: ['document.issued'] } });
    // The verifier's clock (Date) moved; nothing else runs meanwhile.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(sentAt + 1000);
      expect(verifyWebhook(hook.body.secret, delivery.body, delivery.headers)).toMatchObject({ type: 'record.created', data: { title: 'Signed' } });
      // Another endpoint's secret.
      expect(() => verifyWebhook(other.body.secret, delivery.body, delivery.headers)).toThrow(WebhookVerificationError);
      // One character of the body changed.
      expect(() => verifyWebhook(hook.body.secret, delivery.body.replace('Signed', 'Signet'), delivery.headers)).toThrow(WebhookVerificationError);
      // The same delivery, headers and all, replayed 10 minutes later.
      vi.setSystemTime(sentAt + 10 * 60_000);
      expect(() => verifyWebhook(hook.body.secret, delivery.body, delivery.headers)).toThrow(WebhookVerificationError);
      // Or with a timestamp moved to now (its signature covered the old one).
      expect(() => verifyWebhook(hook.body.secret, delivery.body, { ...delivery.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) })).toThrow(WebhookVerificationError);
    } finally {
      vi.useRealTimers();
    }
    await api('DELETE', `/api/v1/webhooks/${other.body.id}`, { token: ada });
    await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
  });

  it('document.issued: HR generates a document, the endpoint hears of it', async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/documents`, events: ['document.issued'] } });
    const request = await api('POST', '/api/v1/operations/hr-requests', {
      token: await t.token('alice'),
      body: { type: 'employment_letter', description: 'For my apartment rental application.', deliverable_type: 'digital' },
    });
    expect(request.status).toBe(201);
    const issued = await api('POST', `/api/v1/operations/hr-requests/${request.body.id}/document`, { token: await t.token('hana') });
    expect(issued.status).toBe(201);
    // Delivered by the real clock, so that it verifies now (the earlier tests moved the runner's clock on).
    await runDueJobs({ now: new Date(), tenantIds: [t.tenantId] });
    const events = eventsAt('/documents');
    expect(events.map((e) => e.type)).toEqual(['document.issued']);
    expect(events[0].data).toMatchObject({ id: issued.body.id, hr_request_id: request.body.id, person_id: t.people.alice.id, status: 'valid', verification_code: issued.body.verification_code });
    expect(() => new Webhook(hook.body.secret).verify(at('/documents')[0].body, at('/documents')[0].headers)).not.toThrow();
    await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
  });

  it("the engine's own jobs send events too: an extension's step, an expiry's status change and the revocation it files", async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/jobs`, events: ['record.created', 'record.status_changed', 'approval.step_assigned'] } });
    const grant = await createRecord(t.ctx('alice'), accessRequest, { system_id: 'github', access_type: 'new', justification: 'On-call rotation' });
    await performAction(t.ctx('bob'), accessRequest, grant.id, 'approve', {});
    await performAction(t.ctx('ivan'), accessRequest, grant.id, 'approve', {});
    const DAY = 24 * 60 * 60_000;
    const ends = new Date(Math.max(clock, Date.now()) + 2 * DAY);
    await performAction(t.ctx('ivan'), accessRequest, grant.id, 'provision', { expires_at: ends.toISOString() });
    await performAction(t.ctx('alice'), accessRequest, grant.id, 'extend', { expires_at: new Date(ends.getTime() + 5 * DAY).toISOString(), reason: 'Still on call' });
    await runJobs();
    // The extension's approval step waits on bob, as any step does.
    expect(eventsAt('/jobs').find((e) => e.type === 'approval.step_assigned' && e.data.entity_id === grant.id && String(e.data.title).startsWith('Extend:'))?.data).toMatchObject({
      assignee_id: t.people.bob.id,
      status: 'queued',
    });
    received.length = 0;
    // Past expires_at (the extension never decided): the expiry job completes the grant and files its revocation.
    for (let i = 0; i < 4; i++) await runJobs(DAY);
    const events = eventsAt('/jobs');
    expect(events.find((e) => e.type === 'record.status_changed' && e.data.id === grant.id)?.data).toMatchObject({ status: 'completed', previous_status: 'provisioned', record_type: 'AccessRequest' });
    const revocation = events.find((e) => e.type === 'record.created' && e.data.access_type === 'revoke');
    expect(revocation?.data).toMatchObject({ record_type: 'AccessRequest', status: 'approved', source_type: 'system', created_by: null, tags: { revokes: grant.id } });
    await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
  });

  it('npm run example:webhook-receiver verifies and prints real deliveries, and refuses a forged one', async () => {
    const ada = await t.token('ada');
    const hook = await api('POST', '/api/v1/webhooks', { token: ada, body: { url: `${base}/placeholder`, events: ['record.created'] } });
    const child = spawn('npm', ['run', '-s', 'example:webhook-receiver'], {
      env: { ...process.env, OPSDESK_WEBHOOK_SECRET: hook.body.secret, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 300 && !pattern.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(output).toMatch(pattern);
      return pattern.exec(output)!;
    };
    try {
      const address = (await waitFor(/Listening for Opsdesk webhooks at (http:\/\/\S+)/))[1];
      expect((await api('PATCH', `/api/v1/webhooks/${hook.body.id}`, { token: ada, body: { url: `${address}opsdesk` } })).status).toBe(200);
      const task = await api('POST', '/api/v1/operations/pending', { token: ada, body: { type: 'task', source_id: 'receiver', title: 'For the example receiver' } });
      // Delivered now, by the real clock: the receiver checks the timestamp against its own.
      await runDueJobs({ now: new Date(), tenantIds: [t.tenantId] });
      await waitFor(new RegExp(`record\\.created ${task.body.id}`));
      const log = await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { token: ada });
      expect(log.body.data[0]).toMatchObject({ status: 'succeeded', response_status: 204, attempts: 1 });
      // A delivery signed with another secret: 401, printed as refused.
      const forged = await postSigned(`${address}opsdesk`, `whsec_${Buffer.from('not the endpoint secret, 32 byte').toString('base64')}`, 'msg_forged', '{"type":"record.created"}', new Date());
      expect(forged).toMatchObject({ ok: false, status: 401 });
      await waitFor(/refused a delivery/);
      expect(output).not.toContain('msg_forged');
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await api('DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: ada });
    }
  }, 60_000);
});
