/**
 * The REST half of the attacker's-eye matrix, generic over the registry: for each record type given,
 * every operation (list, create, create on behalf, get, update, delete, every action) in the states
 * that matter (its initial and a later state; each action in a state it is allowed from and one it is
 * not), as every caller of `WHO`. Each cell asserts the contract's answer, problem+json on errors, never
 * a 5xx, nothing written by a refusal (owner-connection snapshots of both tenants), and that a success
 * stays in the caller's tenant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordType } from '@/lib/operations/define';
import { validBody } from './records';
import {
  attempt,
  createWorld,
  describeOp,
  expectedStatuses,
  factsOf,
  FixtureCache,
  pendingItem,
  PENDING_VARIANTS,
  requestFor,
  requestIn,
  resourceOf,
  successOf,
  UNAUTHENTICATED,
  visibleByContract,
  WHO,
  type Op,
  type PendingVariant,
  type StepRow,
  type Who,
  type World,
} from './attack';
import { sql } from 'kysely';

interface Cell {
  op: Op;
  /** The fixture: a status of a request type, or a pending variant. */
  state: string;
}

/** The cells of a type: reads and writes in two states, each action where it is allowed and where it is not. */
export function cellsOf(type: RecordType): Cell[] {
  const states =
    type.name === 'Pending' ? [...PENDING_VARIANTS] : [type.initialStatus, type.statuses.find((s) => s !== type.initialStatus)!];
  const cells: Cell[] = [];
  for (const state of states) for (const op of ['get', 'update', 'delete'] as const) cells.push({ op: { op }, state });
  for (const [action, spec] of Object.entries(type.actions)) {
    if (type.name === 'Pending') {
      for (const state of PENDING_VARIANTS) cells.push({ op: { op: 'action', action }, state });
      continue;
    }
    cells.push({ op: { op: 'action', action }, state: spec.from[0] });
    const wrong = type.statuses.find((s) => !spec.from.includes(s));
    if (wrong) cells.push({ op: { op: 'action', action }, state: wrong });
  }
  return cells;
}

export function matrixSuite(types: readonly RecordType[]): void {
  let w: World;
  let fixtures: FixtureCache;
  const typeOf = new Map(types.map((t) => [t.resource as string, t]));

  const make = async (key: string) => {
    const [resource, state] = key.split(':');
    const type = typeOf.get(resource)!;
    return type.name === 'Pending' ? pendingItem(w.db, w.a, state as PendingVariant) : requestIn(w.db, w.a, type, state);
  };

  beforeAll(async () => {
    w = await createWorld();
    fixtures = new FixtureCache(make);
  });

  for (const type of types) {
    describe(`${type.resource}`, () => {
      it.each(WHO)('list as %s: only rows of the caller\'s tenant that the caller may see', async (who) => {
        const op: Op = { op: 'list' };
        const res = await attempt(w, who, requestFor(type, op), UNAUTHENTICATED.includes(who) ? [401] : [200], `${who} list ${type.resource}`);
        if (res.status !== 200) return;
        const { rows } = await sql<StepRow & { entity_id: string }>`select * from approval_steps where tenant_id = ${w.a.tenantId}`.execute(w.db);
        for (const row of res.body.data) {
          expect(row.tenant_id, `${who} list`).toBe(who === 'other-tenant' ? w.b.tenantId : w.a.tenantId);
          const steps = rows.filter((s) => s.entity_id === row.id || s.pending_id === row.id);
          expect(visibleByContract(w, who, type, row, steps), `${who} lists ${row.id}, which it may not see`).toBe(true);
        }
      });

      it.each(WHO)('create as %s', async (who) => {
        const op: Op = { op: 'create' };
        // An integration key may be required to name the person of its system it files for (422 without one).
        const allowed = UNAUTHENTICATED.includes(who) ? [401] : who === 'key' ? [201, 422] : [201];
        const res = await attempt(w, who, requestFor(type, op, undefined, validBody(resourceOf(type))), allowed, `${who} create ${type.resource}`);
        if (res.status === 201 && who !== 'key' && who !== 'other-tenant') expect(res.body.created_by).toBe(w.a.people[who as 'ada'].id);
      });

      it.each(WHO)('create on behalf of alice as %s', async (who) => {
        const op: Op = { op: 'create', onBehalf: true };
        // api.md: filing on behalf needs admin; engine.md §2: a pending item's requested_by_id is the caller's own unless admin or a key.
        const allowed = UNAUTHENTICATED.includes(who)
          ? [401]
          : who === 'other-tenant'
            ? [422] // alice of tenant A does not exist for tenant B
            : who === 'ada' || who === 'alice'
              ? [201]
              : who === 'key'
                ? [201, 403]
                : [403];
        const body = validBody(resourceOf(type), { [type.requesterField]: w.a.people.alice.id });
        await attempt(w, who, requestFor(type, op, undefined, body), allowed, `${who} ${describeOp(op)} ${type.resource}`);
      });

      for (const cell of cellsOf(type)) {
        const name = `${describeOp(cell.op)} (${cell.state})`;
        it.each(WHO)(`${name} as %s`, async (who) => {
          const key = `${type.resource}:${cell.state}`;
          let fixture = await fixtures.get(key);
          let allowed = expectedStatuses(w, who, type, cell.op, await factsOf(w, type, fixture.id));
          const writes = cell.op.op !== 'get';
          if (writes && allowed.includes(successOf(cell.op))) {
            // This caller may change it: give it a fixture of its own.
            fixture = await make(key);
            allowed = expectedStatuses(w, who, type, cell.op, await factsOf(w, type, fixture.id));
          }
          const body = cell.op.op === 'update' ? { [type.summaryField]: `Changed by ${who}` } : cell.op.op === 'action' ? HAPPY : undefined;
          const res = await attempt(w, who as Who, requestFor(type, cell.op, fixture.id, body), allowed, `${who} ${name} ${type.resource} ${fixture.id}`);
          if (writes && res.status < 300) fixtures.drop(key);
        });
      }
    });
  }
}

const HAPPY = { comment: 'Attack matrix', reason: 'Attack matrix', deliverable_type: 'physical' };
