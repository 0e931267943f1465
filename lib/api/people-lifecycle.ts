/**
 * REST routes of the people lifecycle (engine.md §3a, issue 15) over lib/people: the offboarding
 * checklist, invitations, the tenant's people settings (just-in-time SSO domain) and the SCIM token.
 * Deactivation itself is `PATCH /people/{id}` `{"active": false}` (lib/api/directory.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import { checklistSchema, offboardingChecklist } from '@/lib/people/checklist';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
const forbidden = problem('Not an admin, or an integration key.');

export function registerPeopleLifecycleRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/people/:id/offboarding', async (c) => c.json(await offboardingChecklist(await contextForCaller(c.get('caller')), c.req.param('id'))));

  const registry = app.openAPIRegistry;
  registry.registerPath({
    method: 'get',
    path: '/api/v1/people/{id}/offboarding',
    tags: ['People'],
    operationId: 'people.offboarding',
    summary: 'What deactivating a person did and what remains (admins)',
    description:
      'Empty `items` while the person is active. Once deactivated: sessions ended, steps and tasks handed on, delegations ended, revoke requests (done once IT has removed the access) and equipment to collect.',
    request: { params: z.object({ id: z.string().meta({ description: 'The person id (per_…).' }) }) },
    responses: { 200: { description: 'The checklist', ...json(checklistSchema) }, 401: unauthorized, 403: forbidden, 404: problem('No person with that id in your organisation.') },
  });
}
