/**
 * The context of the engine's own timed work (a job): no person acts — audit rows and notifications carry
 * no actor ("System" on the timeline) — and time is the job runner's clock, so tests drive it.
 */
import { systemClock, type Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';

export const SYSTEM_ACTOR = '';

export function systemContext(db: TenantDb, now: Date): Ctx {
  return {
    caller: { tenantId: db.tenantId, personId: SYSTEM_ACTOR, roles: [], appId: null, sourceType: 'system' },
    db,
    clock: { now: () => new Date(now), id: systemClock.id },
  };
}
