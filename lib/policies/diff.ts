/**
 * What changed between two versions of a policy, step by step: kept, added, removed, or changed in place
 * (a removal and an addition at the same spot, e.g. a new threshold). Pure; the screen words each step
 * with describeStep.
 */
import type { PolicyStep } from './policy';

export type StepChange =
  | { kind: 'same'; step: PolicyStep }
  | { kind: 'added'; step: PolicyStep }
  | { kind: 'removed'; step: PolicyStep }
  | { kind: 'changed'; before: PolicyStep; after: PolicyStep };

/** Two steps that mean the same thing have the same key: `rule: {min: 1}` is no rule, `when: []` no condition. */
export function stepKey(step: PolicyStep): string {
  const approver = Object.fromEntries(Object.entries(step.approver).sort(([a], [b]) => a.localeCompare(b)));
  const when = (step.when ?? []).map((c) => [c.field, c.op, c.value]);
  return JSON.stringify([approver, step.rule?.min ?? 1, when]);
}

/** The changes that turn `before` into `after`, in the order of `after` (a longest common subsequence of steps). */
export function diffPolicies(before: PolicyStep[], after: PolicyStep[]): StepChange[] {
  const a = before.map(stepKey);
  const b = after.map(stepKey);
  // lcs[i][j]: the longest common run of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const changes: StepChange[] = [];
  let removed: PolicyStep[] = [];
  let added: PolicyStep[] = [];
  const flush = () => {
    // Removals and additions between two kept steps pair up as changes in place; the rest stay as they are.
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) changes.push({ kind: 'changed', before: removed[k], after: added[k] });
    for (const step of removed.slice(paired)) changes.push({ kind: 'removed', step });
    for (const step of added.slice(paired)) changes.push({ kind: 'added', step });
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      changes.push({ kind: 'same', step: after[j] });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added.push(after[j++]);
    } else {
      removed.push(before[i++]);
    }
  }
  flush();
  return changes;
}
