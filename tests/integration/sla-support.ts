/** A clock the test moves by hand (never by sleeping), and a context for a person reading it. */
import { systemClock, type Clock, type Ctx } from '@/lib/data/context';
import type { PersonKey, TestTenant } from '../support/tenant';

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): Date;
}

export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    id: systemClock.id,
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
      return new Date(t);
    },
  };
}

export function ctxAt(t: TestTenant, who: PersonKey, clock: Clock): Ctx {
  return { ...t.ctx(who), clock };
}

export const HOUR = 3_600_000;
