/**
 * Approval policies and delegation over REST (engine.md §1, §3): read and edit a resource's policy
 * (versioned), preview the chain of a draft or dry-run a policy against a request, and set, read or end
 * an out-of-office delegation (one's own, or as admin for someone).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import { endDelegation, getDelegation, setDelegation } from '@/lib/delegation/delegations';
import { AppError } from '@/lib/errors';
import { typeByResource } from '@/lib/operations/registry';
import { approverSchema, conditionSchema, policyBodySchema } from '@/lib/policies/policy';
import { previewChain } from '@/lib/policies/preview';
import { assertPolicyResource, getPolicy, listPolicies, policyVersions, putPolicy } from '@/lib/policies/store';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const BASE = '/api/v1/approval-policies';

function versionParam(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1 || version > 1_000_000) {
    throw new AppError('validation', 'version is a whole number from 1.', { errors: [{ path: 'version', message: 'A whole number from 1' }] });
  }
  return version;
}

export function registerPolicyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get(BASE, async (c) => c.json({ data: await listPolicies(await contextForCaller(c.get('caller'))) }));

  app.get(`${BASE}/:resource`, async (c) => {
    const resource = assertPolicyResource(c.req.param('resource'));
    return c.json(await getPolicy(await contextForCaller(c.get('caller')), resource, versionParam(c.req.query('version'))));
  });

  app.get(`${BASE}/:resource/versions`, async (c) => {
    const resource = assertPolicyResource(c.req.param('resource'));
    return c.json({ data: await policyVersions(await contextForCaller(c.get('caller')), resource) });
  });

  app.put(`${BASE}/:resource`, async (c) => {
    const resource = assertPolicyResource(c.req.param('resource'));
    const body = await readJson(c);
    return c.json(await putPolicy(await contextForCaller(c.get('caller')), resource, body));
  });

  app.post(`${BASE}/:resource/preview`, async (c) => {
    const resource = assertPolicyResource(c.req.param('resource'));
    const body = await readJson(c);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new AppError('validation', 'Send the draft request as a JSON object.', { errors: [{ path: '(body)', message: 'Expected an object' }] });
    }
    const recordId = c.req.query('record_id');
    const ctx = await contextForCaller(c.get('caller'));
    return c.json(await previewChain(ctx, typeByResource(resource)!, resource, body as Record<string, unknown>, { recordId }));
  });

  app.get('/api/v1/me/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json({ delegation: await getDelegation(ctx, ctx.caller.personId) });
  });
  app.put('/api/v1/me/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json(await setDelegation(ctx, ctx.caller.personId, await readJson(c)));
  });
  app.delete('/api/v1/me/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    await endDelegation(ctx, ctx.caller.personId);
    return c.body(null, 204);
  });
  app.get('/api/v1/people/:id/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json({ delegation: await getDelegation(ctx, c.req.param('id')) });
  });
  app.put('/api/v1/people/:id/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json(await setDelegation(ctx, c.req.param('id'), await readJson(c)));
  });
  app.delete('/api/v1/people/:id/delegation', async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    await endDelegation(ctx, c.req.param('id'));
    return c.body(null, 204);
  });

  registerPolicyDocs(app);
}

const stepSchema = z
  .object({ approver: approverSchema, rule: z.object({ min: z.number().int() }).optional(), when: z.array(conditionSchema).optional() })
  .meta({ id: 'PolicyStep' });
const policySchema = z
  .object({
    resource: z.enum(['access-requests', 'equipment', 'travel', 'hr-requests']),
    version: z.number().int(),
    steps: z.array(stepSchema),
    created_at: z.string().nullable().meta({ description: 'Null for the built-in default (version 1 until the first edit).' }),
    created_by: z.string().nullable(),
  })
  .meta({ id: 'ApprovalPolicy' });
const previewSchema = z
  .object({
    policy_version: z.number().int(),
    steps: z.array(
      z.object({
        index: z.number().int(),
        rule: z.object({ min: z.number().int() }),
        approvers: z.array(z.object({ id: z.string(), name: z.string() })),
        summary: z.string(),
        blocked_reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ApprovalPreview' });
const delegationSchema = z
  .object({
    id: z.string(),
    delegator_id: z.string(),
    delegate_id: z.string(),
    starts_at: z.string(),
    ends_at: z.string(),
    created_by: z.string(),
    created_at: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'Delegation' });
const delegationInput = z.object({ delegate_id: z.string(), starts_at: z.string().optional(), ends_at: z.string() });

function registerPolicyDocs(app: OpenAPIHono<ApiEnv>): void {
  const r = app.openAPIRegistry;
  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const resource = z.object({ resource: z.enum(['access-requests', 'equipment', 'travel', 'hr-requests']) });
  r.registerPath({
    method: 'get', path: BASE, tags: ['Approval policies'], summary: 'The policy in force for each record type',
    responses: { 200: json(z.object({ data: z.array(policySchema) }), 'One per record type'), 401: problem('Not signed in.') },
  });
  r.registerPath({
    method: 'get', path: `${BASE}/{resource}`, tags: ['Approval policies'], summary: 'A policy (or one of its versions)',
    request: { params: resource, query: z.object({ version: z.number().int().optional() }) },
    responses: { 200: json(policySchema, 'The policy'), 404: problem('No such resource or version.') },
  });
  r.registerPath({
    method: 'get', path: `${BASE}/{resource}/versions`, tags: ['Approval policies'], summary: 'Every version of a policy, newest first',
    request: { params: resource },
    responses: { 200: json(z.object({ data: z.array(policySchema) }), 'Versions') },
  });
  r.registerPath({
    method: 'put', path: `${BASE}/{resource}`, tags: ['Approval policies'], summary: 'Edit a policy (admin): a new version',
    description: 'Running chains keep the version they started with. 422 names an unknown field, op, role, person or group.',
    request: { params: resource, body: { content: { 'application/json': { schema: policyBodySchema } } } },
    responses: { 200: json(policySchema, 'The new version'), 403: problem('Not an admin.'), 422: problem('Invalid policy.') },
  });
  r.registerPath({
    method: 'post', path: `${BASE}/{resource}/preview`, tags: ['Approval policies'], summary: 'Who would approve this draft (or request)',
    description:
      'The body is a draft request (any subset of its fields). `?record_id=` previews an existing request instead; a `policy` member ({"steps": [...]}) dry-runs an unsaved policy.',
    request: { params: resource, query: z.object({ record_id: z.string().optional() }), body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
    responses: { 200: json(previewSchema, 'The chain, step by step') },
  });
  for (const path of ['/api/v1/me/delegation', '/api/v1/people/{id}/delegation']) {
    const params = path.includes('{id}') ? { params: z.object({ id: z.string() }) } : {};
    const who = path.includes('{id}') ? " (admin, for someone who is away)" : '';
    r.registerPath({ method: 'get', path, tags: ['Delegation'], summary: `The live delegation${who}`, request: params, responses: { 200: json(z.object({ delegation: delegationSchema.nullable() }), 'The delegation, or null') } });
    r.registerPath({
      method: 'put', path, tags: ['Delegation'], summary: `Set out of office: who decides meanwhile${who}`,
      request: { ...params, body: { content: { 'application/json': { schema: delegationInput } } } },
      responses: { 200: json(delegationSchema, 'The delegation'), 422: problem('Invalid delegate or dates.') },
    });
    r.registerPath({ method: 'delete', path, tags: ['Delegation'], summary: `End the delegation now${who}`, request: params, responses: { 204: { description: 'Ended' } } });
  }
}
