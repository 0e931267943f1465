/** Chain building's pure parts: conditions, validation against a type, sentences, and separation of duties. */
import { describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/caller';
import { accessRequest, equipment, travel } from '@/lib/operations/registry';
import { formatterFor } from '@/lib/format';
import { decisionVerdict, excludedPeople, reassignmentProblem, type ChainParties } from '@/lib/operations/separation';
import { defaultSteps, describePolicy, policyBodySchema, policyProblems, stepApplies, type PolicyStep } from '@/lib/policies/policy';

const names = { person: (id: string) => ({ per_ivan: 'Ivan' })[id] ?? id, group: (id: string) => ({ grp_fin: 'Finance' })[id] ?? id };
const caller = (personId: string, roles: Caller['roles'] = ['employee']): Caller => ({ tenantId: 'ten_1', personId, roles, appId: null, sourceType: 'api' });

describe('conditions', () => {
  const step = (when: PolicyStep['when']): PolicyStep => ({ approver: { kind: 'role', role: 'admin' }, when });

  it('all conditions must hold; a step without any always applies', () => {
    expect(stepApplies({ approver: { kind: 'manager', level: 1 } }, {})).toBe(true);
    const both = step([{ field: 'estimated_cost', op: '>', value: 2000 }, { field: 'destination', op: 'in', value: ['Tokyo', 'Sydney'] }]);
    expect(stepApplies(both, { estimated_cost: 2500, destination: 'Tokyo' })).toBe(true);
    expect(stepApplies(both, { estimated_cost: 2500, destination: 'Lisbon' })).toBe(false);
    expect(stepApplies(both, { estimated_cost: 2000, destination: 'Tokyo' })).toBe(false);
  });

  it('compares numbers only as numbers; a missing value fails an ordering', () => {
    expect(stepApplies(step([{ field: 'estimated_cost', op: '>=', value: 100 }]), { estimated_cost: null })).toBe(false);
    expect(stepApplies(step([{ field: 'estimated_cost', op: '<', value: 100 }]), { estimated_cost: '50' })).toBe(false);
    expect(stepApplies(step([{ field: 'access_type', op: '!=', value: 'revoke' }]), { access_type: 'new' })).toBe(true);
    expect(stepApplies(step([{ field: 'access_type', op: '=', value: 'revoke' }]), { access_type: 'new' })).toBe(false);
  });
});

describe('policy validation against the record type', () => {
  it('knows the type’s fields, their kinds and enums', () => {
    expect(policyProblems(travel, 'travel', defaultSteps('travel', 2000))).toEqual([]);
    const problems = policyProblems(accessRequest, 'access-requests', [
      { approver: { kind: 'role', role: 'it' }, when: [{ field: 'access_type', op: '=', value: 'destroy' }] },
      { approver: { kind: 'role', role: 'it' }, when: [{ field: 'access_type', op: '>', value: 'new' }] },
      { approver: { kind: 'role', role: 'it' }, when: [{ field: 'system_id', op: 'in', value: 'github' }] },
    ]);
    expect(problems.map((p) => p.path)).toEqual(['steps.0.when.0.value', 'steps.1.when.0.op', 'steps.2.when.0.value']);
  });

  it('system owners approve access requests only', () => {
    expect(policyProblems(equipment, 'equipment', [{ approver: { kind: 'system_owner' } }])[0].path).toBe('steps.0.approver.kind');
    expect(policyProblems(accessRequest, 'access-requests', [{ approver: { kind: 'system_owner' } }])).toEqual([]);
  });

  it('the shape: no role employee, a quorum of at least one, no unknown members', () => {
    expect(policyBodySchema.safeParse({ steps: [{ approver: { kind: 'role', role: 'employee' } }] }).success).toBe(false);
    expect(policyBodySchema.safeParse({ steps: [{ approver: { kind: 'role', role: 'it' }, rule: { min: 0 } }] }).success).toBe(false);
    expect(policyBodySchema.safeParse({ steps: [{ approver: { kind: 'manager', level: 1, extra: true } }] }).success).toBe(false);
    expect(policyBodySchema.parse({ steps: [{ approver: { kind: 'manager' } }] }).steps[0].approver).toEqual({ kind: 'manager', level: 1 });
  });
});

describe('a policy read as a sentence', () => {
  it('reads like the step builder: "Manager, then Admin when estimated cost > $2,000, then 2 of IT"', () => {
    const steps: PolicyStep[] = [
      { approver: { kind: 'manager', level: 1 } },
      { approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 2000 }] },
      { approver: { kind: 'role', role: 'it' }, rule: { min: 2 } },
      { approver: { kind: 'group', group_id: 'grp_fin' } },
      { approver: { kind: 'person', person_id: 'per_ivan' } },
      { approver: { kind: 'manager', level: 2 } },
    ];
    const sentence = describePolicy(steps, travel, names);
    expect(sentence).toMatch(/^Manager, then Admin when estimated cost > .*2,000.*, then 2 of IT, then Finance, then Ivan, then Manager's manager$/);
    expect(describePolicy([], travel, names)).toMatch(/No approval/);
  });

  it('states amounts in the reader’s formats: the tenant’s currency, whole amounts without cents', () => {
    const steps: PolicyStep[] = [{ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 2000 }] }];
    const euros = { ...names, money: formatterFor({ locale: 'de-DE', timeZone: 'Europe/Berlin', currency: 'EUR' }).threshold };
    expect(describePolicy(steps, travel, euros)).toBe('Admin when estimated cost > 2.000\u00a0€');
    expect(describePolicy(steps, travel, { ...names, money: formatterFor().threshold })).toBe('Admin when estimated cost > $2,000');
  });
});

describe('separation of duties', () => {
  const parties: ChainParties = {
    requesterId: 'per_alice',
    filedBy: 'per_ada',
    decisions: [{ step_index: 0, decided_by: 'per_bob', on_behalf_of: null }],
  };

  it('excludes the requester, the filer and the deciders of other steps', () => {
    expect([...excludedPeople(parties, 1)].sort()).toEqual(['per_ada', 'per_alice', 'per_bob']);
    expect([...excludedPeople(parties, 0)].sort()).toEqual(['per_ada', 'per_alice']);
  });

  it('refuses the requester, the filer and an earlier decider, admin included; lets an admin override otherwise', () => {
    const step = { assignee_id: null, assignee_role: 'it' };
    expect(decisionVerdict(caller('per_alice', ['employee', 'it']), step, parties, 1)).toMatchObject({ allowed: false, reason: expect.stringMatching(/own request/) });
    expect(decisionVerdict(caller('per_ada', ['employee', 'admin']), step, parties, 1)).toMatchObject({ allowed: false, reason: expect.stringMatching(/filed/) });
    expect(decisionVerdict(caller('per_bob', ['employee', 'it']), step, parties, 1)).toMatchObject({ allowed: false, reason: expect.stringMatching(/earlier step/) });
    expect(decisionVerdict(caller('per_ivan', ['employee', 'it']), step, parties, 1)).toMatchObject({ allowed: true, override: false });
    expect(decisionVerdict(caller('per_zoe', ['employee', 'admin']), step, parties, 1)).toMatchObject({ allowed: true, override: true });
    expect(decisionVerdict(caller('per_tara', ['employee', 'travel']), step, parties, 1)).toMatchObject({ allowed: false });
  });

  it('a delegate decides what names the person away, on their behalf, and counts as them', () => {
    const named = { assignee_id: 'per_carl', assignee_role: null };
    expect(decisionVerdict(caller('per_tara'), named, parties, 1, ['per_carl'])).toMatchObject({ allowed: true, onBehalfOf: 'per_carl' });
    // a role step stays with the role: the delegate of an IT person does not take it
    expect(decisionVerdict(caller('per_tara'), { assignee_id: null, assignee_role: 'it' }, parties, 1, ['per_ivan'])).toMatchObject({ allowed: false });
    // standing in for bob, who decided step 0, does not let anyone decide step 1 for him
    expect(decisionVerdict(caller('per_tara'), { assignee_id: 'per_bob', assignee_role: null }, parties, 1, ['per_bob'])).toMatchObject({ allowed: false });
  });

  it('one person counts once per step: a second approval is "already decided"', () => {
    const quorum: ChainParties = { ...parties, decisions: [{ step_index: 0, decided_by: 'per_ivan', on_behalf_of: null }] };
    expect(decisionVerdict(caller('per_ivan', ['employee', 'it']), { assignee_id: null, assignee_role: 'it' }, quorum, 0)).toMatchObject({ allowed: false, alreadyDecided: true });
  });

  it('a step is never handed to everyone, to nobody, or to an excluded person', () => {
    expect(reassignmentProblem({ assignee_id: null, assignee_role: 'employee' }, parties, 1)?.path).toBe('assignee_role');
    expect(reassignmentProblem({ assignee_id: null, assignee_role: null }, parties, 1)?.path).toBe('assignee_id');
    expect(reassignmentProblem({ assignee_id: 'per_bob', assignee_role: null }, parties, 1)?.path).toBe('assignee_id');
    expect(reassignmentProblem({ assignee_id: 'per_ivan', assignee_role: null }, parties, 1)).toBeNull();
  });
});
