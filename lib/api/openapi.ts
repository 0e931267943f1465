/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the server validates with: the record
 * types' create/update/record schemas, their action bodies and their list parameters.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { listParamsSchema } from '@/lib/operations/list';
import { recordTypes } from '@/lib/operations/registry';
import { recordPath, type ApiEnv } from './records';

const fieldError = z.object({ path: z.string(), message: z.string() });
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldError).optional(),
    current_status: z.string().optional().meta({ description: 'On 409: the record’s status now.' }),
    allowed_actions: z.array(z.string()).optional().meta({ description: 'On 409: the actions allowed from that status.' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const errors = {
  401: problem('Missing, expired, badly signed or revoked credentials.'),
  404: problem('Not found, or not visible to the caller.'),
};
const writeErrors = {
  ...errors,
  400: problem('Malformed JSON.'),
  403: problem('Visible, but the caller may not do this.'),
  412: problem('If-Match does not match the current ETag.'),
  422: problem('Invalid fields; `errors` lists each.'),
};

const idParam = z.object({ id: z.string().meta({ description: 'The record id (prefixed ULID).' }) });
const headers = {
  ifMatch: z.object({ 'If-Match': z.string().optional().meta({ description: 'ETag from a get; a stale tag is 412.' }) }),
  idempotency: z.object({ 'Idempotency-Key': z.string().max(255).optional().meta({ description: 'Replays the first response for 24 h.' }) }),
};

export const meSchema = z
  .object({
    person_id: z.string(),
    tenant_id: z.string(),
    roles: z.array(z.enum(ROLES)),
    app_id: z.string().optional(),
    name: z.string(),
    email: z.string().nullable(),
  })
  .meta({ id: 'Me' });

export function registerOpenApi(app: OpenAPIHono<ApiEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

  registry.registerPath({
    method: 'get', path: '/api/health', tags: ['System'], summary: 'Health of the app and its database', security: [],
    responses: { 200: { description: 'Up', ...json(z.object({ status: z.literal('ok'), db: z.literal('ok') })) }, 503: { description: 'The database does not answer' } },
  });
  registry.registerPath({
    method: 'post', path: '/api/v1/auth/token', tags: ['Auth'], summary: 'Exchange an email and password for a bearer token', security: [],
    request: { body: { required: true, ...json(z.object({ email: z.string(), password: z.string() })) } },
    responses: { 200: { description: 'A token', ...json(z.object({ token: z.string(), expires_at: z.string() })) }, 401: problem('Wrong email or password.'), 429: problem('Too many attempts.') },
  });

  for (const type of recordTypes) {
    const base = recordPath(type);
    const tags = [type.name];
    const record = type.schemas.record;
    registry.registerPath({
      method: 'get', path: base, tags, operationId: `${type.sdkName}.list`, summary: `List ${type.plural.toLowerCase()}`,
      request: { query: listParamsSchema(type) as z.ZodObject },
      responses: { 200: { description: 'A page', ...json(z.object({ data: z.array(record), next_cursor: z.string().nullable() })) }, ...errors, 422: problem('An invalid parameter value.') },
    });
    registry.registerPath({
      method: 'post', path: base, tags, operationId: `${type.sdkName}.create`, summary: `Create a ${type.singular.toLowerCase()}`,
      request: { headers: headers.idempotency, body: { required: true, ...json(type.schemas.create) } },
      responses: { 201: { description: 'Created; Location names it', ...json(record) }, ...writeErrors },
    });
    registry.registerPath({
      method: 'get', path: `${base}/{id}`, tags, operationId: `${type.sdkName}.get`, summary: `Get a ${type.singular.toLowerCase()}`,
      request: { params: idParam },
      responses: { 200: { description: 'The record; ETag header', ...json(record) }, ...errors },
    });
    registry.registerPath({
      method: 'patch', path: `${base}/{id}`, tags, operationId: `${type.sdkName}.update`, summary: `Update a ${type.singular.toLowerCase()}`,
      request: { params: idParam, headers: headers.ifMatch, body: { required: true, ...json(type.schemas.update) } },
      responses: { 200: { description: 'The updated record', ...json(record) }, ...writeErrors, 409: problem('A status change the machine does not allow.') },
    });
    registry.registerPath({
      method: 'delete', path: `${base}/{id}`, tags, operationId: `${type.sdkName}.delete`, summary: `Delete (withdraw) a ${type.singular.toLowerCase()}`,
      request: { params: idParam, headers: headers.ifMatch },
      responses: { 204: { description: 'Soft-deleted' }, ...writeErrors },
    });
    for (const [action, spec] of Object.entries(type.actions)) {
      registry.registerPath({
        method: 'post', path: `${base}/{id}/${action}`, tags, operationId: `${type.sdkName}.${action}`,
        summary: `${spec.label}: ${spec.from.join('/')} → ${typeof spec.to === 'string' ? spec.to : 'next stage'}`,
        description: `${spec.description} Who: ${spec.who.join(', ')}.`,
        request: { params: idParam, headers: headers.ifMatch.extend(headers.idempotency.shape), body: { required: false, ...json(spec.body ?? z.object({})) } },
        responses: { 200: { description: 'The record after the transition', ...json(record) }, ...writeErrors, 409: problem('Not allowed from the current status; current_status and allowed_actions say why.') },
      });
    }
  }
}

export function openApiDocument(app: OpenAPIHono<ApiEnv>) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Opsdesk Operations API',
      version: '1.0.0',
      description: 'Access, HR, equipment and travel requests, and the pending items of the approvals inbox.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
  });
}
