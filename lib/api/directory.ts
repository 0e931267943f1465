/**
 * REST routes of the directory (engine.md §3a): people, approver groups and the systems catalogue, over
 * lib/directory. Reads for anyone signed in, writes for admins; ETag on reads and writes, If-Match on
 * PATCH and DELETE, Idempotency-Key on POST, as the record routes do.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import type { Ctx } from '@/lib/data/context';
import type { Page } from '@/lib/directory/common';
import { createGroup, deleteGroup, getGroup, groupCreateSchema, groupSchema, groupsQuerySchema, groupUpdateSchema, listGroups, updateGroup } from '@/lib/directory/groups';
import { getDirectoryPerson, listDirectory, peopleQuerySchema, personSchema, personUpdateSchema, updateDirectoryPerson } from '@/lib/directory/people';
import { createPersonWithBundle, personCreateWithBundleSchema } from '@/lib/people/onboarding';
import {
  createSystem,
  deleteSystem,
  getSystem,
  listSystems,
  systemCreateSchema,
  systemSchema,
  systemsQuerySchema,
  systemUpdateSchema,
  updateSystem,
} from '@/lib/directory/systems';
import { requestHash, withIdempotency } from '@/lib/http/idempotency';
import { etagOf } from '@/lib/operations/etag';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

type WriteOptions = { ifMatch?: string | null };

interface DirectoryResource<T extends { id: string }> {
  path: string;
  tag: string;
  singular: string;
  plural: string;
  sdkName: string;
  schemas: { item: z.ZodType; create: z.ZodType; update: z.ZodType; query: z.ZodObject };
  list: (ctx: Ctx, params: Record<string, string | undefined>) => Promise<Page<T>>;
  get: (ctx: Ctx, id: string) => Promise<T>;
  create: (ctx: Ctx, body: unknown) => Promise<T>;
  update: (ctx: Ctx, id: string, body: unknown, options: WriteOptions) => Promise<T>;
  remove?: (ctx: Ctx, id: string, options: WriteOptions) => Promise<void>;
  idHelp: string;
  createErrors: Record<number, string>;
}

export const DIRECTORY_RESOURCES = [
  {
    path: '/api/v1/people',
    tag: 'People',
    singular: 'person',
    plural: 'people',
    sdkName: 'people',
    schemas: { item: personSchema, create: personCreateWithBundleSchema, update: personUpdateSchema, query: peopleQuerySchema },
    list: listDirectory,
    get: getDirectoryPerson,
    create: createPersonWithBundle,
    update: updateDirectoryPerson,
    idHelp: 'The person id (per_…).',
    createErrors: { 409: 'The email already belongs to someone.', 422: 'Invalid fields: an unknown manager, a management loop, a bad email or role.' },
  } satisfies DirectoryResource<Awaited<ReturnType<typeof getDirectoryPerson>>>,
  {
    path: '/api/v1/groups',
    tag: 'Groups',
    singular: 'group',
    plural: 'groups',
    sdkName: 'groups',
    schemas: { item: groupSchema, create: groupCreateSchema, update: groupUpdateSchema, query: groupsQuerySchema },
    list: listGroups,
    get: getGroup,
    create: createGroup,
    update: updateGroup,
    remove: deleteGroup,
    idHelp: 'The group id (grp_…).',
    createErrors: { 409: 'A group with this name exists.', 422: 'Invalid fields, or a member who is not a person of your organisation.' },
  } satisfies DirectoryResource<Awaited<ReturnType<typeof getGroup>>>,
  {
    path: '/api/v1/systems',
    tag: 'Systems',
    singular: 'system',
    plural: 'systems',
    sdkName: 'systems',
    schemas: { item: systemSchema, create: systemCreateSchema, update: systemUpdateSchema, query: systemsQuerySchema },
    list: listSystems,
    get: getSystem,
    create: createSystem,
    update: updateSystem,
    remove: deleteSystem,
    idHelp: 'The system id (its slug, e.g. github).',
    createErrors: { 409: 'A system with this id is in the catalogue.', 422: 'Invalid fields: a bad slug, an owner who is not a person of your organisation, max_days out of range.' },
  } satisfies DirectoryResource<Awaited<ReturnType<typeof getSystem>>>,
] as const;

function register<T extends { id: string }>(app: OpenAPIHono<ApiEnv>, resource: DirectoryResource<T>): void {
  const { path } = resource;
  const ctxOf = (c: { get: (key: 'caller') => ApiEnv['Variables']['caller'] }) => contextForCaller(c.get('caller'));

  app.get(path, async (c) => c.json(await resource.list(await ctxOf(c), c.req.query())));

  app.get(`${path}/:id`, async (c) => {
    const item = await resource.get(await ctxOf(c), c.req.param('id'));
    c.header('ETag', etagOf(item));
    return c.json(item);
  });

  app.post(path, async (c) => {
    const body = await readJson(c);
    const ctx = await ctxOf(c);
    const response = await withIdempotency(ctx, c.req.header('idempotency-key'), requestHash('POST', path, body), async (tx) => {
      const item = await resource.create(tx, body);
      return { status: 201, body: item, headers: { Location: `${path}/${encodeURIComponent(item.id)}`, ETag: etagOf(item) } };
    });
    return c.json(response.body as object, response.status as 201, response.headers);
  });

  app.patch(`${path}/:id`, async (c) => {
    const body = await readJson(c);
    const item = await resource.update(await ctxOf(c), c.req.param('id'), body, { ifMatch: c.req.header('if-match') });
    c.header('ETag', etagOf(item));
    return c.json(item);
  });

  if (resource.remove) {
    const remove = resource.remove;
    app.delete(`${path}/:id`, async (c) => {
      await remove(await ctxOf(c), c.req.param('id'), { ifMatch: c.req.header('if-match') });
      return c.body(null, 204);
    });
  }

  documentRoutes(app, resource);
}

function documentRoutes<T extends { id: string }>(app: OpenAPIHono<ApiEnv>, resource: DirectoryResource<T>): void {
  const registry = app.openAPIRegistry;
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const { path, tag, singular, plural, sdkName, schemas } = resource;
  const tags = [tag];
  const idParam = z.object({ id: z.string().meta({ description: resource.idHelp }) });
  const ifMatch = z.object({ 'If-Match': z.string().optional().meta({ description: 'ETag from a get; a stale tag is 412.' }) });
  const idempotency = z.object({ 'Idempotency-Key': z.string().max(255).optional().meta({ description: 'Replays the first response for 24 h.' }) });
  const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
  const notFound = problem(`No ${singular} with that id in your organisation.`);
  const forbidden = problem(`Not an admin, or an integration key (keys never change ${plural}).`);

  registry.registerPath({
    method: 'get', path, tags, operationId: `${sdkName}.list`, summary: `List ${plural}`,
    description: `Anyone signed in. Sorted by name; keyset paging with next_cursor.`,
    request: { query: schemas.query },
    responses: { 200: { description: 'A page', ...json(z.object({ data: z.array(schemas.item), next_cursor: z.string().nullable() })) }, 401: unauthorized, 422: problem('An invalid parameter value.') },
  });
  registry.registerPath({
    method: 'post', path, tags, operationId: `${sdkName}.create`, summary: `Add a ${singular} (admins)`,
    request: { headers: idempotency, body: { required: true, ...json(schemas.create) } },
    responses: {
      201: { description: 'Created; Location names it, ETag header', ...json(schemas.item) },
      400: problem('Malformed JSON.'), 401: unauthorized, 403: forbidden,
      ...Object.fromEntries(Object.entries(resource.createErrors).map(([status, text]) => [status, problem(text)])),
    },
  });
  registry.registerPath({
    method: 'get', path: `${path}/{id}`, tags, operationId: `${sdkName}.get`, summary: `Get a ${singular}`,
    request: { params: idParam },
    responses: { 200: { description: `The ${singular}; ETag header`, ...json(schemas.item) }, 401: unauthorized, 404: notFound },
  });
  registry.registerPath({
    method: 'patch', path: `${path}/{id}`, tags, operationId: `${sdkName}.update`, summary: `Change a ${singular} (admins)`,
    request: { params: idParam, headers: ifMatch, body: { required: true, ...json(schemas.update) } },
    responses: {
      200: { description: `The ${singular} after the change; ETag header`, ...json(schemas.item) },
      400: problem('Malformed JSON.'), 401: unauthorized, 403: forbidden, 404: notFound, 412: problem('If-Match does not match the current ETag.'),
      ...Object.fromEntries(Object.entries(resource.createErrors).map(([status, text]) => [status, problem(text)])),
    },
  });
  if (resource.remove) {
    registry.registerPath({
      method: 'delete', path: `${path}/{id}`, tags, operationId: `${sdkName}.delete`, summary: `Delete a ${singular} (admins)`,
      request: { params: idParam, headers: ifMatch },
      responses: { 204: { description: 'Deleted' }, 401: unauthorized, 403: forbidden, 404: notFound, 412: problem('If-Match does not match the current ETag.') },
    });
  }
}

export function registerDirectoryRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const resource of DIRECTORY_RESOURCES) register(app, resource as unknown as DirectoryResource<{ id: string }>);
}
