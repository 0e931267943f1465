/**
 * The step builder's form values and the policy steps they stand for. Inputs hold strings; a step is
 * checked with the same schema and rules the server uses (policyBodySchema, policyProblems), and the
 * server's error paths (`steps.1.approver.role`, `steps.0.rule.min`) map onto the inputs.
 */
import type { FieldError as FormFieldError, FieldErrors, Resolver } from 'react-hook-form';
import { toNestErrors } from '@hookform/resolvers';
import type { RecordType } from '@/lib/operations/define';
import { conditionFields, policyBodySchema, policyProblems, type Approver, type Condition, type Op, type PolicyResource, type PolicyStep } from '@/lib/policies/policy';

export type ConditionFieldInfo = ReturnType<typeof conditionFields>[number];

export interface ConditionDraft {
  field: string;
  op: Op;
  /** One value, or for `in` on a text field without options, values separated by commas. */
  value: string;
  /** `in` on a field with options: the chosen options. */
  values: string[];
}

export interface StepDraft {
  kind: Approver['kind'];
  level: string;
  role: string;
  person_id: string;
  group_id: string;
  min: string;
  when: ConditionDraft[];
}

export interface PolicyDraft {
  steps: StepDraft[];
}

/** Kinds whose step resolves to one person: "needs N of them" does not apply. */
export const SINGLE_KINDS: Approver['kind'][] = ['manager', 'person'];

export const NUMERIC_OPS: Op[] = ['>', '>=', '<', '<=', '=', '!='];
export const TEXT_OPS: Op[] = ['=', '!=', 'in'];

export function opsFor(field: ConditionFieldInfo | undefined): Op[] {
  return field?.numeric ? NUMERIC_OPS : TEXT_OPS;
}

export function blankStep(): StepDraft {
  return { kind: 'role', level: '1', role: 'admin', person_id: '', group_id: '', min: '1', when: [] };
}

export function blankCondition(fields: ConditionFieldInfo[]): ConditionDraft {
  const field = fields.find((f) => f.numeric) ?? fields[0];
  return { field: field?.name ?? '', op: field?.numeric ? '>' : '=', value: '', values: [] };
}

function toConditionDraft(condition: Condition): ConditionDraft {
  const list = Array.isArray(condition.value) ? condition.value.map(String) : [];
  return {
    field: condition.field,
    op: condition.op,
    value: Array.isArray(condition.value) ? list.join(', ') : condition.value === null ? '' : String(condition.value),
    values: list,
  };
}

export function toDraft(step: PolicyStep): StepDraft {
  const a = step.approver;
  return {
    kind: a.kind,
    level: a.kind === 'manager' ? String(a.level) : '1',
    role: a.kind === 'role' ? a.role : 'admin',
    person_id: a.kind === 'person' ? a.person_id : '',
    group_id: a.kind === 'group' ? a.group_id : '',
    min: String(step.rule?.min ?? 1),
    when: (step.when ?? []).map(toConditionDraft),
  };
}

/** A typed number when the text reads as one, else the text itself (so the check names the problem). */
function numberOr(text: string): number | string {
  const trimmed = text.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? number : trimmed;
}

function fromConditionDraft(condition: ConditionDraft, fields: ConditionFieldInfo[]): Condition {
  const field = fields.find((f) => f.name === condition.field);
  const read = (text: string) => (field?.numeric ? numberOr(text) : text.trim());
  if (condition.op === 'in') {
    const list = field?.options ? condition.values : condition.value.split(',').filter((v) => v.trim() !== '');
    return { field: condition.field, op: 'in', value: list.map(read) };
  }
  return { field: condition.field, op: condition.op, value: read(condition.value) };
}

export function fromDraft(draft: StepDraft, fields: ConditionFieldInfo[]): PolicyStep {
  let approver: Approver;
  switch (draft.kind) {
    case 'manager':
      approver = { kind: 'manager', level: Number(draft.level) };
      break;
    case 'role':
      approver = { kind: 'role', role: draft.role as Extract<Approver, { kind: 'role' }>['role'] };
      break;
    case 'person':
      approver = { kind: 'person', person_id: draft.person_id };
      break;
    case 'group':
      approver = { kind: 'group', group_id: draft.group_id };
      break;
    case 'system_owner':
      approver = { kind: 'system_owner' };
      break;
  }
  const step: PolicyStep = { approver };
  const min = draft.min.trim() === '' ? NaN : Number(draft.min);
  if (!SINGLE_KINDS.includes(draft.kind) && min !== 1) step.rule = { min };
  if (draft.when.length > 0) step.when = draft.when.map((c) => fromConditionDraft(c, fields));
  return step;
}

/** A server error path as the form's input name: `steps.1.approver.role` → `steps.1.role`, `steps.0.rule.min` → `steps.0.min`. */
export function formPath(path: string): string {
  return path.replace(/^policy\./, '').replace(/^(steps\.\d+)\.approver\./, '$1.').replace(/^(steps\.\d+)\.rule\./, '$1.');
}

/** The draft's problems as the server would report them (without the lookups of people and groups), by input name. */
export function draftProblems(type: RecordType, resource: PolicyResource, steps: PolicyStep[]): { path: string; message: string }[] {
  const parsed = policyBodySchema.safeParse({ steps });
  if (!parsed.success) return parsed.error.issues.map((issue) => ({ path: formPath(issue.path.join('.')), message: issue.message }));
  return policyProblems(type, resource, parsed.data.steps).map((p) => ({ path: formPath(p.path), message: p.message }));
}

/** react-hook-form's resolver over draftProblems: the form's errors are the server's rules, checked as the admin types. */
export function policyResolver(type: RecordType, resource: PolicyResource, fields: ConditionFieldInfo[]): Resolver<PolicyDraft> {
  return async (values, _context, options) => {
    const problems = draftProblems(type, resource, values.steps.map((s) => fromDraft(s, fields)));
    if (problems.length === 0) return { values, errors: {} };
    const flat: Record<string, FormFieldError> = {};
    for (const problem of problems) flat[problem.path] ??= { type: 'validate', message: problem.message };
    return { values: {}, errors: toNestErrors(flat as FieldErrors, options) };
  };
}
