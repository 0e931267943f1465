import { describe, expect, it } from 'vitest';
import { diffPolicies, stepKey } from '@/lib/policies/diff';
import type { PolicyStep } from '@/lib/policies/policy';

const manager: PolicyStep = { approver: { kind: 'manager', level: 1 } };
const it2: PolicyStep = { approver: { kind: 'role', role: 'it' }, rule: { min: 2 } };
const admin = (value: number): PolicyStep => ({ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value }] });

describe('diffPolicies', () => {
  it('keeps equal steps, and treats min 1 and no conditions as the plain step', () => {
    expect(stepKey({ approver: { kind: 'role', role: 'it' }, rule: { min: 1 }, when: [] })).toBe(stepKey({ approver: { kind: 'role', role: 'it' } }));
    expect(diffPolicies([manager], [manager])).toEqual([{ kind: 'same', step: manager }]);
  });

  it('an added step, a removed step', () => {
    expect(diffPolicies([manager], [manager, it2])).toEqual([{ kind: 'same', step: manager }, { kind: 'added', step: it2 }]);
    expect(diffPolicies([manager, it2], [it2])).toEqual([{ kind: 'removed', step: manager }, { kind: 'same', step: it2 }]);
  });

  it('a step changed in place (a new threshold) pairs the old and the new', () => {
    expect(diffPolicies([manager, admin(2000), it2], [manager, admin(1000), it2])).toEqual([
      { kind: 'same', step: manager },
      { kind: 'changed', before: admin(2000), after: admin(1000) },
      { kind: 'same', step: it2 },
    ]);
  });

  it('a reorder shows as a removal and an addition', () => {
    const changes = diffPolicies([manager, it2], [it2, manager]);
    expect(changes.map((c) => c.kind).sort()).toEqual(['added', 'removed', 'same']);
  });

  it('from nothing and to nothing', () => {
    expect(diffPolicies([], [manager])).toEqual([{ kind: 'added', step: manager }]);
    expect(diffPolicies([manager], [])).toEqual([{ kind: 'removed', step: manager }]);
    expect(diffPolicies([], [])).toEqual([]);
  });
});
