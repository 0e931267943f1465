/**
 * A withdrawn request stays findable by its requester on the screens (issue 14, item 2), and by nobody
 * else: the Withdrawn view and the read-only page read through one rule (lib/operations/withdrawn.ts).
 * The REST contract of api.md is unchanged: a soft-deleted record is invisible there (404), and only
 * admins list them, with include_deleted=true. Attackers: the approver who saw it before, the desk, a
 * colleague, another tenant's admin — on the screen path and the REST path.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { loadDetail } from '@/components/records/detail-data';
import { contextFor } from '@/lib/data/context';
import { listRecords } from '@/lib/operations/list';
import { typeByResource } from '@/lib/operations/registry';
import { addComment } from '@/lib/operations/comments';
import { performAction, updateRecord } from '@/lib/operations/service';
import { getRecordForScreens, parseScreenListQuery } from '@/lib/operations/withdrawn';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { collection, createVia, item, REQUEST_RESOURCES, TEXT_FIELD, type Resource } from '../support/records';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

const screen = (tenant: TestTenant, who: PersonKey) => contextFor(db, tenant.caller(who, { sourceType: 'frontend' }));
const typeOf = (resource: Resource) => typeByResource(resource)!;

async function withdrawnView(tenant: TestTenant, who: PersonKey, resource: Resource, params: Record<string, string> = {}): Promise<string[]> {
  const page = await listRecords(screen(tenant, who), typeOf(resource), parseScreenListQuery(typeOf(resource), { scope: 'withdrawn', limit: '200', ...params }));
  return page.data.map((r) => r.id);
}

/** The approver who saw it while it waited, the desk, and a colleague with no part in it. */
const STRANGERS: Record<Exclude<Resource, 'pending'>, PersonKey[]> = {
  'access-requests': ['bob', 'ivan', 'hana', 'tara'],
  'hr-requests': ['bob', 'hana', 'ivan', 'tara'],
  equipment: ['bob', 'ivan', 'hana', 'tara'],
  travel: ['bob', 'tara', 'hana', 'ivan'],
};

describe.each(REQUEST_RESOURCES as Exclude<Resource, 'pending'>[])('%s withdrawn by alice', (resource) => {
  let withdrawnId: string;
  let keptId: string;

  beforeAll(async () => {
    withdrawnId = (await createVia(t, 'alice', resource)).id;
    keptId = (await createVia(t, 'alice', resource)).id;
    const deleted = await api('DELETE', item(resource, withdrawnId), { token: await t.token('alice') });
    expect(deleted.status).toBe(204);
  });

  it('opens read-only for alice, saying when and by whom, and is in her Withdrawn view only', async () => {
    const { record, withdrawn } = await getRecordForScreens(screen(t, 'alice'), typeOf(resource), withdrawnId);
    expect(withdrawn).toBe(true);
    expect(record).toMatchObject({ id: withdrawnId, is_deleted: true, deleted_by: t.people.alice.id });
    const detail = await loadDetail(screen(t, 'alice'), typeOf(resource), withdrawnId);
    expect(detail.withdrawal).toEqual({ at: record.deleted_at, by: t.people.alice.id });
    expect(detail).toMatchObject({ actions: [], canEdit: false, canWithdraw: false, statusMoves: [] });
    expect(detail.audit.at(-1)?.action).toBe('delete');
    // What is still hers opens as usual, not as withdrawn.
    expect((await loadDetail(screen(t, 'alice'), typeOf(resource), keptId)).withdrawal).toBeNull();

    expect(await withdrawnView(t, 'alice', resource)).toEqual([withdrawnId]);
    const mine = await listRecords(screen(t, 'alice'), typeOf(resource), parseScreenListQuery(typeOf(resource), { limit: '200' }));
    expect(mine.data.map((r) => r.id)).toEqual([keptId]);
    // Search and filters work in the view.
    expect(await withdrawnView(t, 'alice', resource, { q: 'no such words here' })).toEqual([]);
  });

  it('is still gone on the REST API, for alice too; only an admin lists it, with include_deleted', async () => {
    const alice = await t.token('alice');
    expect((await api('GET', item(resource, withdrawnId), { token: alice })).status).toBe(404);
    const list = await api('GET', `${collection(resource)}?limit=200`, { token: alice });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([keptId]);
    expect((await api('GET', `${collection(resource)}?include_deleted=true`, { token: alice })).status).toBe(403);
    // The screens' view is not an API scope.
    const scoped = await api('GET', `${collection(resource)}?scope=withdrawn`, { token: alice });
    expect(scoped.status).toBe(422);
    expect(scoped.body.errors[0].path).toBe('scope');

    const ada = await t.token('ada');
    expect((await api('GET', item(resource, withdrawnId), { token: ada })).status).toBe(404);
    const all = await api('GET', `${collection(resource)}?scope=all&include_deleted=true&limit=200`, { token: ada });
    expect(all.body.data.map((r: { id: string }) => r.id)).toContain(withdrawnId);
  });

  it('is not found by anyone else on the screens or the API: the approver, the desk, a colleague, another tenant', async () => {
    for (const who of STRANGERS[resource]) {
      await expect(getRecordForScreens(screen(t, who), typeOf(resource), withdrawnId), who).rejects.toMatchObject({ kind: 'not_found' });
      await expect(loadDetail(screen(t, who), typeOf(resource), withdrawnId), who).rejects.toMatchObject({ kind: 'not_found' });
      expect(await withdrawnView(t, who, resource), who).not.toContain(withdrawnId);
      expect((await api('GET', item(resource, withdrawnId), { token: await t.token(who) })).status, who).toBe(404);
      const all = await api('GET', `${collection(resource)}?scope=all&limit=200`, { token: await t.token(who) });
      expect(all.body.data.map((r: { id: string }) => r.id), who).not.toContain(withdrawnId);
    }
    for (const who of ['alice', 'ada'] as const) {
      await expect(getRecordForScreens(screen(other, who), typeOf(resource), withdrawnId), `other tenant's ${who}`).rejects.toMatchObject({ kind: 'not_found' });
      expect(await withdrawnView(other, who, resource)).not.toContain(withdrawnId);
      expect((await api('GET', `${collection(resource)}?include_deleted=true&scope=all&limit=200`, { token: await other.token('ada') })).body.data.map((r: { id: string }) => r.id)).not.toContain(withdrawnId);
    }
  });

  it('opens for an admin, read-only, and the admin’s Withdrawn view holds everyone’s', async () => {
    const detail = await loadDetail(screen(t, 'ada'), typeOf(resource), withdrawnId);
    expect(detail.withdrawal?.by).toBe(t.people.alice.id);
    expect(detail.actions).toEqual([]);
    expect(detail.canEdit).toBe(false);
    expect(await withdrawnView(t, 'ada', resource)).toContain(withdrawnId);
  });

  it('takes no more changes on any path: update, action, comment, withdraw again are all 404', async () => {
    const ctx = screen(t, 'alice');
    const type = typeOf(resource);
    await expect(updateRecord(ctx, type, withdrawnId, { [TEXT_FIELD[resource]]: 'Changed after withdrawing' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(performAction(screen(t, 'ada'), type, withdrawnId, resource === 'hr-requests' ? 'start' : 'reject', {})).rejects.toMatchObject({ kind: 'not_found' });
    await expect(addComment(ctx, type, withdrawnId, 'Still there?')).rejects.toMatchObject({ kind: 'not_found' });
    expect((await api('DELETE', item(resource, withdrawnId), { token: await t.token('alice') })).status).toBe(404);
  });
});

it('a pending item has no Withdrawn view: deleted is gone from the screens, as on the API', async () => {
  const created = await createVia(t, 'ada', 'pending');
  expect((await api('DELETE', item('pending', created.id), { token: await t.token('ada') })).status).toBe(204);
  await expect(getRecordForScreens(screen(t, 'ada'), typeOf('pending'), created.id)).rejects.toMatchObject({ kind: 'not_found' });
  expect(() => parseScreenListQuery(typeOf('pending'), { scope: 'withdrawn' })).toThrow(expect.objectContaining({ kind: 'validation' }));
});
