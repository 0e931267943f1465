/**
 * REST routes of the people lifecycle (engine.md §3a, issue 15) over lib/people: the offboarding
 * checklist, invitations, the tenant's people settings (just-in-time SSO domain) and the SCIM token.
 * Deactivation itself is `PATCH /people/{id}` `{"active": false}` (lib/api/directory.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import { checklistSchema, offboardingChecklist } from '@/lib/people/checklist';
import { invitationResultSchema, invitationsCreateSchema, inviteByEmails } from '@/lib/people/invitations';
import { getPeopleSettings, mintScimToken, peopleSettingsSchema, peopleSettingsUpdateSchema, revokeScimToken, updatePeopleSettings } from '@/lib/people/settings';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
const forbidden = problem('Not an admin, or an integration key.');

export function registerPeopleLifecycleRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/people/:id/offboarding', async (c) => c.json(await offboardingChecklist(await contextForCaller(c.get('caller')), c.req.param('id'))));

  app.post('/api/v1/people/invitations', async (c) => {
    const body = await readJson(c);
    return c.json({ data: await inviteByEmails(await contextForCaller(c.get('caller')), body) }, 201);
  });

  app.get('/api/v1/settings/people', async (c) => c.json(await getPeopleSettings(await contextForCaller(c.get('caller')))));
  app.put('/api/v1/settings/people', async (c) => {
    const body = await readJson(c);
    return c.json(await updatePeopleSettings(await contextForCaller(c.get('caller')), body));
  });
  app.post('/api/v1/settings/scim-token', async (c) => c.json(await mintScimToken(await contextForCaller(c.get('caller'))), 201));
  app.delete('/api/v1/settings/scim-token', async (c) => {
    await revokeScimToken(await contextForCaller(c.get('caller')));
    return c.body(null, 204);
  });

  const registry = app.openAPIRegistry;
  const settingsTags = ['Settings'];
  registry.registerPath({
    method: 'get', path: '/api/v1/settings/people', tags: settingsTags, operationId: 'settings.people.get', summary: 'People settings: just-in-time SSO domain and the SCIM token’s state (admins)',
    responses: { 200: { description: 'The settings', ...json(peopleSettingsSchema) }, 401: unauthorized, 403: forbidden },
  });
  registry.registerPath({
    method: 'put', path: '/api/v1/settings/people', tags: settingsTags, operationId: 'settings.people.put', summary: 'Set the just-in-time SSO domain (admins)',
    description:
      'With a domain, a first sign-in through the OpenID provider with `email_verified: true` for an email of exactly that domain (not a subdomain, not a look-alike) creates the person as an employee with no roles from claims and no manager. null turns it off (the default). A domain another organisation uses is a 409.',
    request: { body: { required: true, ...json(peopleSettingsUpdateSchema) } },
    responses: { 200: { description: 'The settings', ...json(peopleSettingsSchema) }, 400: problem('Malformed JSON.'), 401: unauthorized, 403: forbidden, 409: problem('Another organisation uses this domain.'), 422: problem('Not a domain.') },
  });
  registry.registerPath({
    method: 'post', path: '/api/v1/settings/scim-token', tags: settingsTags, operationId: 'settings.scimToken.mint', summary: 'Mint the SCIM bearer token (admins)',
    description: 'The token is shown this once and stored hashed; minting again replaces the earlier token at once. Give it to the identity provider with the base URL `<NEXTAUTH_URL>/scim/v2`.',
    responses: { 201: { description: 'The token', ...json(z.object({ token: z.string(), created_at: z.string() })) }, 401: unauthorized, 403: forbidden },
  });
  registry.registerPath({
    method: 'delete', path: '/api/v1/settings/scim-token', tags: settingsTags, operationId: 'settings.scimToken.revoke', summary: 'Revoke the SCIM token (admins)',
    responses: { 204: { description: 'Revoked (or there was none)' }, 401: unauthorized, 403: forbidden },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/people/invitations',
    tags: ['People'],
    operationId: 'people.invite',
    summary: 'Invite people by email (admins)',
    description:
      'One invitation each: the person is added (an employee, no password yet) and emailed a single-use link valid 7 days to set a password (or they sign in with SSO). Someone invited before who has not accepted gets a fresh link. Each email has its own result; 409 when none could be invited.',
    request: { body: { required: true, ...json(invitationsCreateSchema) } },
    responses: {
      201: { description: 'One result per email', ...json(z.object({ data: z.array(invitationResultSchema) })) },
      400: problem('Malformed JSON.'),
      401: unauthorized,
      403: forbidden,
      409: problem('None of the emails could be invited (in use, or already an account).'),
      422: problem('Not a list of emails (errors name emails.N).'),
    },
  });
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
