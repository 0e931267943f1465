/**
 * The context every domain function takes: who is acting, their tenant-bound database, and the clock
 * (time and ids; the seed and tests use a deterministic one).
 */
import type { Kysely } from 'kysely';
import { monotonicFactory, ulid } from 'ulidx';
import type { Database } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { tenantDb, type TenantDb } from './tenant-db';

export interface Clock {
  now(): Date;
  id(prefix: string): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  id: (prefix) => `${prefix}_${ulid()}`,
};

/** A deterministic clock that can also be moved to a given moment (the demo seed dates each event it plays). */
export interface SettableClock extends Clock {
  /** The next reading is `at` plus one step. */
  set(at: Date): void;
}

/** A clock that starts at `start` and moves on by `stepMs` at each reading: the same ids on every run. */
export function deterministicClock(start: Date, stepMs = 1000, seed = 42): SettableClock {
  let t = start.getTime();
  let state = seed;
  const prng = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const next = monotonicFactory(prng);
  return {
    now: () => {
      t += stepMs;
      return new Date(t);
    },
    id: (prefix) => `${prefix}_${next(t)}`,
    set: (at) => {
      t = at.getTime();
    },
  };
}

export interface Ctx {
  caller: Caller;
  db: TenantDb;
  clock: Clock;
  /** The same tenant outside any transaction: for what must be kept when the change rolls back (a refusal's security event). */
  root?: TenantDb;
}

export function contextFor(db: Kysely<Database>, caller: Caller, clock: Clock = systemClock): Ctx {
  const tdb = tenantDb(db, caller.tenantId);
  return { caller, db: tdb, clock, root: tdb };
}

/** The same caller inside a transaction. */
export function within(ctx: Ctx, db: TenantDb): Ctx {
  return { ...ctx, db };
}
