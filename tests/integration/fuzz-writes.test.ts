/**
 * Property-based fuzz of every write of every type through the REST app (fast-check): create, update and
 * every action, with arbitrary JSON bodies — wrong types, huge and deep `tags`, NUL bytes, any unicode,
 * extreme numbers, unknown and server-stamped fields, dates out of range, ids of the other tenant — as
 * callers of both tenants. Properties: never a 5xx; problem+json on every error; a refused request
 * writes nothing (owner-connection snapshots of both tenants); a success touches only the caller's tenant.
 * On a failure fast-check prints the seed and the shrunk counterexample; FUZZ_SEED and FUZZ_RUNS replay
 * or deepen a run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { api } from '../support/api';
import { validBody, type Json } from '../support/records';
import { expectUnchanged, snapshotTenants } from '../support/snapshot';
import {
  ALL_TYPES,
  collectionPath,
  createWorld,
  expectWellFormed,
  itemPath,
  pendingItem,
  PENDING_VARIANTS,
  requestIn,
  REQUEST_TYPES,
  resourceOf,
  type Who,
  type World,
} from '../support/attack';
import type { RecordType } from '@/lib/operations/define';

const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true };

let w: World;
const targets = new Map<string, string[]>();
const foreignIds: string[] = [];

beforeAll(async () => {
  w = await createWorld();
  for (const type of REQUEST_TYPES) {
    const ids: string[] = [];
    for (const status of type.statuses.slice(0, 3)) ids.push((await requestIn(w.db, w.a, type, status)).id);
    targets.set(type.resource, ids);
    foreignIds.push((await requestIn(w.db, w.b, type, type.initialStatus)).id);
  }
  const items: string[] = [];
  for (const variant of PENDING_VARIANTS) items.push((await pendingItem(w.db, w.a, variant)).id);
  targets.set('pending', items);
  foreignIds.push((await pendingItem(w.db, w.b, 'approval-open')).id);
}, 120_000);

// ---------------------------------------------------------------------------------------------------
// Values an attacker sends.

const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uFFFF', '😀'.repeat(50), 'x'.repeat(70_000), '<script>alert(1)</script>',
  "'; drop table people; --", '../../etc/passwd', '%00', 'null', 'true', '1e309', '-0', 'NaN', 'Infinity',
  '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59.999Z', '10000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z', '2026-12-07T08:00:00+25:00', '1969-12-31T23:59:59Z', '2026-12-07', 'approval', 'employee', 'admin',
  'http://', 'javascript:alert(1)', 'https://example.test/x', 'AccessRequest', 'Pending',
);
const numbers = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1e308, -1e308, 2 ** 53, 2 ** 63, 1e11 + 1, 5e-324, 0.1 + 0.2, 6, 1.5),
);
function ids(): fc.Arbitrary<string> {
  return fc.constantFrom(
    ...Object.values(w.a.people).map((p) => p.id),
    ...Object.values(w.b.people).map((p) => p.id),
    ...foreignIds,
    ...[...targets.values()].flat(),
    'per_01JD3M4V6X8Q9R2S3T4V5W6X7Y',
    w.b.tenantId,
    w.a.tenantId,
  );
}
function scalar(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), nasty, numbers, fc.boolean(), fc.constant(null), ids());
}
/** Any JSON value, nested up to 8 levels (deeper than tags may go). */
function value(): fc.Arbitrary<unknown> {
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar(),
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nasty), tie('tree'), { maxKeys: 4 }),
    ),
  }));
  return tree;
}
/** A tags value: any JSON, a chain nested up to 40 deep, or a wide one past 16 KB. */
function tags(): fc.Arbitrary<unknown> {
  const deep = fc.integer({ min: 1, max: 40 }).map((depth) => {
    let v: unknown = { leaf: true };
    for (let i = 0; i < depth; i += 1) v = { [`l${i}`]: v };
    return v;
  });
  const wide = fc.integer({ min: 1, max: 2000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'.repeat(20)])));
  return fc.oneof(value(), deep, wide, fc.constant({ '\u0000': 1 }), fc.constant({ a: '\u0000' }));
}

const SERVER_FIELDS = ['id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'is_deleted', 'deleted_at', 'deleted_by', 'schema_version', 'status', 'source', 'source_type'];

/** A body for a write of `type`: the type's own fields, stamps, server fields, action fields and unknown keys, with any values. */
function bodyFor(type: RecordType, base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const actionFields = Object.values(type.actions).flatMap((spec) => Object.keys(spec.body?.shape ?? {}));
  const keys = [...new Set([...Object.keys(type.fields), ...Object.keys(type.stamps), ...SERVER_FIELDS, ...actionFields, 'comment', 'reason', 'stage', 'unknown_field', '__proto__', 'constructor'])];
  const fields = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), value(), { maxKeys: 6 });
  const object = fc
    .tuple(fc.boolean(), fields, fc.option(tags(), { nil: undefined }))
    .map(([fromValid, extra, t]) => ({ ...(fromValid ? base : {}), ...extra, ...(t !== undefined ? { tags: t } : {}) }));
  return fc.oneof({ weight: 8, arbitrary: object }, { weight: 1, arbitrary: value() });
}

const CALLERS: readonly Who[] = ['alice', 'bob', 'ivan', 'hana', 'tara', 'ada', 'key', 'other-tenant'];
const rawBodies = fc.constantFrom('{', '{"a":', '[1,2', '"\\u0000"', '\u0000', 'null', '[]', '"text"', '12', '{"tags":' + '['.repeat(5000) + ']'.repeat(5000) + '}');

/** Sends one write and checks the properties. */
async function check(who: Who, method: string, path: string, body: unknown, raw?: string): Promise<void> {
  const before = await snapshotTenants(w.db, [w.a.tenantId, w.b.tenantId]);
  const res = await api(method, path, { token: w.tokens[who], ...(raw !== undefined ? { rawBody: raw } : { body }) });
  const what = `${who} ${method} ${path} ${raw ?? JSON.stringify(body)?.slice(0, 300)}`;
  expectWellFormed(res, what);
  if (res.status >= 300) {
    await expectUnchanged(w.db, before, what);
    return;
  }
  const own = who === 'other-tenant' ? w.b.tenantId : w.a.tenantId;
  const other = own === w.a.tenantId ? w.b.tenantId : w.a.tenantId;
  await expectUnchanged(w.db, { [other]: before[other] }, `${what}: the other tenant`);
  if (res.body && typeof res.body === 'object' && 'tenant_id' in (res.body as Json)) expect((res.body as Json).tenant_id, what).toBe(own);
}

describe.each(ALL_TYPES.map((t) => [t.resource, t] as const))('%s: fuzzed writes', (_name, type) => {
  it('create: never a 5xx, refusals write nothing, successes stay in the caller\'s tenant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALLERS), bodyFor(type, validBody(resourceOf(type))), fc.option(rawBodies, { freq: 8, nil: undefined }), async (who, body, raw) => {
        await check(who, 'POST', collectionPath(type), body, raw);
      }),
      params,
    );
  });

  it('update: never a 5xx, refusals write nothing, successes stay in the caller\'s tenant', async () => {
    const idsOf = [...targets.get(type.resource)!, ...foreignIds];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALLERS), fc.constantFrom(...idsOf), bodyFor(type, {}), async (who, id, body) => {
        await check(who, 'PATCH', itemPath(type, id), body);
      }),
      params,
    );
  });

  it('every action: never a 5xx, refusals write nothing, successes stay in the caller\'s tenant', async () => {
    const idsOf = [...targets.get(type.resource)!, ...foreignIds];
    const actions = [...Object.keys(type.actions), 'approve', 'toString', '__proto__', 'constructor', 'x'.repeat(300)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALLERS), fc.constantFrom(...idsOf), fc.constantFrom(...actions), bodyFor(type, {}), async (who, id, action, body) => {
        await check(who, 'POST', itemPath(type, id, action), body);
      }),
      { ...params, numRuns: RUNS * 2 },
    );
  });
});

it('odd ids and odd headers on every path: never a 5xx, nothing written', async () => {
  const oddIds = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 80 }), ids());
  // Raw escapes a client may put in a path: invalid UTF-8, an encoded NUL, an encoded lone surrogate, a slash.
  const rawIds = fc.constantFrom('%FF', '%00', '%ED%A0%80', '%2F..%2F', '%E0%A4%A', 'per%5F1');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ALL_TYPES.map((t) => t.resource as string)),
      fc.constantFrom('GET', 'PATCH', 'DELETE', 'POST'),
      fc.oneof(oddIds, rawIds.map((raw) => ({ raw }))),
      fc.option(fc.oneof(nasty, fc.string({ maxLength: 300 })), { nil: undefined }),
      fc.constantFrom(...CALLERS),
      async (resource, method, id, idempotency, who) => {
        const type = ALL_TYPES.find((t) => t.resource === resource)!;
        const before = await snapshotTenants(w.db, [w.a.tenantId, w.b.tenantId]);
        const action = method === 'POST' ? `/${Object.keys(type.actions)[0]}` : '';
        const path = typeof id === 'string' ? itemPath(type, id) + action : `${collectionPath(type)}/${id.raw}${action}`;
        const headers: Record<string, string> = {};
        if (idempotency !== undefined && /^[\t\x20-\x7e]*$/.test(idempotency)) headers['idempotency-key'] = idempotency;
        const res = await api(method, path, { token: w.tokens[who], body: method === 'GET' || method === 'DELETE' ? undefined : {}, headers });
        expectWellFormed(res, `${who} ${method} ${path}`);
        if (res.status >= 300) await expectUnchanged(w.db, before, `${who} ${method} ${path}`);
      },
    ),
    { ...params, numRuns: RUNS * 3 },
  );
});
