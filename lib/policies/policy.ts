/**
 * Approval policies (engine.md §1): what a policy is, its defaults, how its conditions are checked
 * against a record, and how it reads as a sentence ("Manager, then Admin when estimated cost > 2,000").
 * Pure: no database. The store (store.ts) keeps versions; the resolver (resolve.ts) turns a policy and a
 * record into the people of each step.
 */
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import { humanize } from '@/lib/format';
import type { RecordType } from '@/lib/operations/define';

export const POLICY_RESOURCES = ['access-requests', 'equipment', 'travel', 'hr-requests'] as const;
export type PolicyResource = (typeof POLICY_RESOURCES)[number];

export const OPS = ['=', '!=', '>', '>=', '<', '<=', 'in'] as const;
export type Op = (typeof OPS)[number];

const id = z.string().trim().min(1, 'Required').max(64, 'At most 64 characters');

export const approverSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('manager'), level: z.number().int('A whole number').min(1, 'From 1 (the manager)').max(5, 'At most 5 levels up').default(1) }),
  z.strictObject({
    kind: z.literal('role'),
    role: z.enum(ROLES).refine((role) => role !== 'employee', 'A step cannot go to everyone: choose a role other than employee'),
  }),
  z.strictObject({ kind: z.literal('person'), person_id: id }),
  z.strictObject({ kind: z.literal('group'), group_id: id }),
  z.strictObject({ kind: z.literal('system_owner') }),
]);
export type Approver = z.infer<typeof approverSchema>;

export const conditionSchema = z.strictObject({
  field: z.string().trim().min(1, 'Required').max(64),
  op: z.enum(OPS, { error: `One of ${OPS.join(' ')}` }),
  value: z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(500), z.number()])).max(50)]),
});
export type Condition = z.infer<typeof conditionSchema>;

export const stepSchema = z.strictObject({
  approver: approverSchema,
  rule: z.strictObject({ min: z.number().int('A whole number').min(1, 'At least 1').max(20, 'At most 20') }).optional(),
  when: z.array(conditionSchema).max(10, 'At most 10 conditions').optional(),
});
export type PolicyStep = z.infer<typeof stepSchema>;

export const policyBodySchema = z.strictObject({ steps: z.array(stepSchema).max(10, 'At most 10 steps') });

export interface Policy {
  resource: PolicyResource;
  version: number;
  steps: PolicyStep[];
  created_at: string | null;
  created_by: string | null;
}

/** The chain api.md describes, as a policy: the manager; access requests then IT; travel then admin above the threshold. */
export function defaultSteps(resource: PolicyResource, travelThreshold: number): PolicyStep[] {
  const manager: PolicyStep = { approver: { kind: 'manager', level: 1 } };
  switch (resource) {
    case 'access-requests':
      return [manager, { approver: { kind: 'role', role: 'it' } }];
    case 'equipment':
      return [manager];
    case 'travel':
      return [manager, { approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: travelThreshold }] }];
    case 'hr-requests':
      // HR requests go straight to the HR desk unless an admin adds steps.
      return [];
  }
}

/** Fields a condition may test: the type's own fields with a comparable value. */
export function conditionFields(type: RecordType): { name: string; label: string; numeric: boolean; options: string[] | null }[] {
  return Object.entries(type.fields)
    .filter(([name, spec]) => name !== 'requester_id' && ['text', 'select', 'number', 'money', 'integer'].includes(spec.input))
    .map(([name, spec]) => {
      const numeric = ['number', 'money', 'integer'].includes(spec.input);
      const options = spec.schema instanceof z.ZodEnum ? (spec.schema.options as string[]) : null;
      return { name, label: spec.label, numeric, options };
    });
}

/** Checks a policy against its record type beyond its shape: known fields, comparable values, system owners only for access. */
export function policyProblems(type: RecordType, resource: PolicyResource, steps: PolicyStep[]): FieldError[] {
  const fields = new Map(conditionFields(type).map((f) => [f.name, f]));
  const problems: FieldError[] = [];
  steps.forEach((step, index) => {
    if (step.approver.kind === 'system_owner' && resource !== 'access-requests') {
      problems.push({ path: `steps.${index}.approver.kind`, message: 'System owners approve access requests only' });
    }
    (step.when ?? []).forEach((condition, c) => {
      const at = `steps.${index}.when.${c}`;
      const field = fields.get(condition.field);
      if (!field) {
        problems.push({ path: `${at}.field`, message: `Unknown field; one of ${[...fields.keys()].join(', ')}` });
        return;
      }
      const values = condition.op === 'in' ? condition.value : [condition.value];
      if (!Array.isArray(values)) {
        problems.push({ path: `${at}.value`, message: "'in' takes a list of values" });
        return;
      }
      if (condition.op !== 'in' && Array.isArray(condition.value)) {
        problems.push({ path: `${at}.value`, message: `'${condition.op}' takes one value` });
        return;
      }
      const ordering = ['>', '>=', '<', '<='].includes(condition.op);
      for (const value of values) {
        if (field.numeric && typeof value !== 'number') problems.push({ path: `${at}.value`, message: `${field.label} is a number` });
        else if (!field.numeric && typeof value !== 'string') problems.push({ path: `${at}.value`, message: `${field.label} is text` });
        else if (!field.numeric && ordering) problems.push({ path: `${at}.op`, message: `${field.label} is text: use =, != or in` });
        else if (field.options && typeof value === 'string' && !field.options.includes(value)) {
          problems.push({ path: `${at}.value`, message: `One of ${field.options.join(', ')}` });
        }
      }
    });
  });
  return problems;
}

function compare(actual: unknown, op: Op, expected: unknown): boolean {
  if (op === 'in') return Array.isArray(expected) && expected.some((v) => v === actual);
  if (op === '=') return actual === expected;
  if (op === '!=') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (op) {
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
  }
}

/** Whether every condition of a step holds for the record (a step with none always applies). */
export function stepApplies(step: PolicyStep, record: Record<string, unknown>): boolean {
  return (step.when ?? []).every((c) => compare(record[c.field] ?? null, c.op, c.value));
}

const OP_WORDS: Record<Op, string> = { '=': 'is', '!=': 'is not', '>': '>', '>=': '≥', '<': '<', '<=': '≤', in: 'is one of' };

/**
 * One step in words: "2 of IT", "Finance when estimated cost > $2,000". Names come from the caller's lookups,
 * amounts from the reader's formatter (the tenant's currency in their locale), else as plain numbers.
 */
export function describeStep(
  step: PolicyStep,
  type: RecordType,
  names: { person: (id: string) => string; group: (id: string) => string; money?: (amount: number) => string },
): string {
  const a = step.approver;
  const min = step.rule?.min ?? 1;
  let who: string;
  switch (a.kind) {
    case 'manager':
      who = a.level === 1 ? 'Manager' : a.level === 2 ? "Manager's manager" : `Manager ${a.level} levels up`;
      break;
    case 'role':
      who = a.role === 'it' || a.role === 'hr' ? a.role.toUpperCase() : humanize(a.role);
      break;
    case 'person':
      who = names.person(a.person_id);
      break;
    case 'group':
      who = names.group(a.group_id);
      break;
    case 'system_owner':
      who = "The system's owners";
      break;
  }
  const quorum = min > 1 ? `${min} of ${who}` : who;
  const conditions = (step.when ?? []).map((c) => {
    const label = (type.fields[c.field]?.label ?? humanize(c.field)).toLowerCase();
    const money = type.fields[c.field]?.input === 'money';
    const show = (v: unknown) => (typeof v === 'number' && money && names.money ? names.money(v) : typeof v === 'number' ? v.toLocaleString('en') : String(v));
    const value = Array.isArray(c.value) ? c.value.map(show).join(', ') : show(c.value);
    return `${label} ${OP_WORDS[c.op]} ${value}`;
  });
  return conditions.length ? `${quorum} when ${conditions.join(' and ')}` : quorum;
}

/** The whole policy in one sentence: "Manager, then Admin when estimated cost > $2,000, then 2 of IT". */
export function describePolicy(steps: PolicyStep[], type: RecordType, names: Parameters<typeof describeStep>[2]): string {
  if (steps.length === 0) return 'No approval: requests go straight to the desk.';
  return steps.map((step) => describeStep(step, type, names)).join(', then ');
}
