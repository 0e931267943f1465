/**
 * SCIM 2.0 (RFC 7644) at /scim/v2, served by the same Hono app as /api/v1 (server.ts routes both here):
 * Users, Groups and the discovery endpoints. Bearer auth with the tenant's SCIM token
 * (POST /api/v1/settings/scim-token); every answer is application/scim+json, errors in the SCIM error
 * schema. The domain is lib/scim over lib/directory, so SCIM changes a person exactly as the screens do.
 */
import { Hono, type Context } from 'hono';
import type { Caller } from '@/lib/auth/caller';
import { contextForCaller } from '@/lib/data/database';
import type { Ctx } from '@/lib/data/context';
import { isAppError } from '@/lib/errors';
import { publicBaseUrl } from '@/lib/notifications/compose';
import { scimCaller } from '@/lib/people/settings';
import { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, patchScimGroup, replaceScimGroup } from '@/lib/scim/groups';
import { resourceTypes, schemas, SCIM_CONTENT_TYPE, scimErrorBody, ScimError, serviceProviderConfig, URN } from '@/lib/scim/protocol';
import { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser } from '@/lib/scim/users';
import { readJson } from './body';

type ScimEnv = { Variables: { scimCaller: Caller } };

function send(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as 200, { 'Content-Type': SCIM_CONTENT_TYPE });
}

/** Any error as a SCIM error: the domain's problems mapped onto SCIM statuses and scimTypes. */
function scimFailure(c: Context, error: unknown): Response {
  if (error instanceof ScimError) return send(c, error.status, scimErrorBody(error.status, error.message, error.scimType));
  if (isAppError(error)) {
    const detail = error.errors?.length ? error.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : error.message;
    // A taken email or userName names its field: that is SCIM's "uniqueness"; other conflicts (the last admin) have no scimType.
    if (error.status === 409) return send(c, 409, scimErrorBody(409, detail, error.errors?.length ? 'uniqueness' : undefined));
    if (error.status === 422) return send(c, 400, scimErrorBody(400, detail, 'invalidValue'));
    if (error.status === 400) return send(c, 400, scimErrorBody(400, detail, 'invalidSyntax'));
    return send(c, error.status, scimErrorBody(error.status, detail));
  }
  console.error(`[scim] ${c.req.method} ${c.req.path}:`, error);
  return send(c, 500, scimErrorBody(500, 'Something went wrong on our side.'));
}

async function ctxOf(c: Context<ScimEnv>): Promise<Ctx> {
  return contextForCaller(c.get('scimCaller'));
}

export function createScimApp(): Hono<ScimEnv> {
  const scim = new Hono<ScimEnv>();
  scim.onError((error, c) => scimFailure(c, error));

  scim.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const caller = await scimCaller(match?.[1]);
    if (!caller) {
      c.header('WWW-Authenticate', 'Bearer realm="scim"');
      return send(c, 401, scimErrorBody(401, 'A valid SCIM bearer token is required (Settings → People → SCIM).'));
    }
    c.set('scimCaller', caller);
    await next();
  });

  const base = () => publicBaseUrl();
  scim.get('/ServiceProviderConfig', (c) => send(c, 200, serviceProviderConfig(base())));
  scim.get('/ResourceTypes', (c) => send(c, 200, { schemas: [URN.list], totalResults: 2, startIndex: 1, itemsPerPage: 2, Resources: resourceTypes(base()) }));
  scim.get('/ResourceTypes/:id', (c) => {
    const found = resourceTypes(base()).find((r) => r.id === c.req.param('id'));
    return found ? send(c, 200, found) : send(c, 404, scimErrorBody(404, 'No such resource type.'));
  });
  scim.get('/Schemas', (c) => send(c, 200, { schemas: [URN.list], totalResults: schemas(base()).length, startIndex: 1, itemsPerPage: schemas(base()).length, Resources: schemas(base()) }));
  scim.get('/Schemas/:id', (c) => {
    const found = schemas(base()).find((s) => s.id === c.req.param('id'));
    return found ? send(c, 200, found) : send(c, 404, scimErrorBody(404, 'No such schema.'));
  });

  scim.get('/Users', async (c) => send(c, 200, await listScimUsers(await ctxOf(c), c.req.query(), base())));
  scim.post('/Users', async (c) => {
    const user = await createScimUser(await ctxOf(c), await readJson(c), base());
    c.header('Location', user.meta.location);
    return send(c, 201, user);
  });
  scim.get('/Users/:id', async (c) => send(c, 200, await getScimUser(await ctxOf(c), c.req.param('id'), base())));
  scim.put('/Users/:id', async (c) => send(c, 200, await replaceScimUser(await ctxOf(c), c.req.param('id'), await readJson(c), base())));
  scim.patch('/Users/:id', async (c) => send(c, 200, await patchScimUser(await ctxOf(c), c.req.param('id'), await readJson(c), base())));
  scim.delete('/Users/:id', async (c) => {
    await deleteScimUser(await ctxOf(c), c.req.param('id'));
    return c.body(null, 204);
  });

  scim.get('/Groups', async (c) => send(c, 200, await listScimGroups(await ctxOf(c), c.req.query(), base())));
  scim.post('/Groups', async (c) => {
    const group = await createScimGroup(await ctxOf(c), await readJson(c), base());
    c.header('Location', group.meta.location);
    return send(c, 201, group);
  });
  scim.get('/Groups/:id', async (c) => send(c, 200, await getScimGroup(await ctxOf(c), c.req.param('id'), base())));
  scim.put('/Groups/:id', async (c) => send(c, 200, await replaceScimGroup(await ctxOf(c), c.req.param('id'), await readJson(c), base())));
  scim.patch('/Groups/:id', async (c) => send(c, 200, await patchScimGroup(await ctxOf(c), c.req.param('id'), await readJson(c), base())));
  scim.delete('/Groups/:id', async (c) => {
    await deleteScimGroup(await ctxOf(c), c.req.param('id'));
    return c.body(null, 204);
  });
  // Mounted sub-apps fall through to the parent's notFound (problem+json): answer SCIM's own 404 here.
  scim.all('*', (c) => send(c, 404, scimErrorBody(404, `No such SCIM endpoint: ${c.req.method} ${c.req.path}.`)));
  return scim;
}
