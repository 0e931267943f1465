/**
 * Webhooks (engine.md §6): POST/GET /api/v1/webhooks, GET/PATCH/DELETE /api/v1/webhooks/{id}, GET
 * /api/v1/webhooks/{id}/deliveries, POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/retry. Admins, or
 * an integration key for its own app's endpoints (lib/webhooks/endpoints.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { contextForCaller } from '@/lib/data/database';
import {
  createdEndpointSchema,
  createEndpoint,
  createEndpointSchema,
  deleteEndpoint,
  deliveriesQuerySchema,
  deliverySchema,
  endpointSchema,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  retryDelivery,
  updateEndpoint,
  updateEndpointSchema,
} from '@/lib/webhooks/endpoints';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const PATH = '/api/v1/webhooks';

export function registerWebhookRoutes(app: OpenAPIHono<ApiEnv>): void {
  const ctxOf = (c: { get(key: 'caller'): ApiEnv['Variables']['caller'] }) => contextForCaller(c.get('caller'));
  app.get(PATH, async (c) => c.json(await listEndpoints(await ctxOf(c))));
  app.post(PATH, async (c) => c.json(await createEndpoint(await ctxOf(c), await readJson(c)), 201));
  app.get(`${PATH}/:id`, async (c) => c.json(await getEndpoint(await ctxOf(c), c.req.param('id'))));
  app.patch(`${PATH}/:id`, async (c) => c.json(await updateEndpoint(await ctxOf(c), c.req.param('id'), await readJson(c))));
  app.delete(`${PATH}/:id`, async (c) => {
    await deleteEndpoint(await ctxOf(c), c.req.param('id'));
    return c.body(null, 204);
  });
  app.get(`${PATH}/:id/deliveries`, async (c) => c.json(await listDeliveries(await ctxOf(c), c.req.param('id'), c.req.query())));
  app.post(`${PATH}/:id/deliveries/:delivery_id/retry`, async (c) =>
    c.json(await retryDelivery(await ctxOf(c), c.req.param('id'), c.req.param('delivery_id'))),
  );

  const tags = ['Webhooks'];
  const idParam = z.object({ id: z.string().meta({ description: 'A webhook endpoint id (`whk_…`).' }) });
  const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
  const forbidden = problem('Not an admin or an integration key.');
  const notFound = problem('No such webhook endpoint (of yours).');
  const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
  app.openAPIRegistry.registerPath({
    method: 'get', path: PATH, tags, operationId: 'webhooks.list', summary: 'Webhook endpoints',
    description: "Every endpoint of the tenant (admins), or the calling integration key's own.",
    responses: { 200: json(z.object({ data: z.array(endpointSchema) }), 'The endpoints, newest first'), 401: unauthorized, 403: forbidden },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: PATH, tags, operationId: 'webhooks.create', summary: 'Add a webhook endpoint',
    description:
      'Deliveries are POSTed as `{"type", "timestamp", "data"}`, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`) with the secret answered here once. An endpoint added by an integration key receives only its own app\'s records.',
    request: { body: { content: { 'application/json': { schema: createEndpointSchema } } } },
    responses: { 201: json(createdEndpointSchema, 'The endpoint, with its signing secret (shown only now)'), 401: unauthorized, 403: forbidden, 409: problem('Too many endpoints.'), 422: problem('An invalid field (a private address, an unknown event).') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: `${PATH}/{id}`, tags, operationId: 'webhooks.get', summary: 'A webhook endpoint',
    request: { params: idParam },
    responses: { 200: json(endpointSchema, 'The endpoint (never its secret)'), 401: unauthorized, 403: forbidden, 404: notFound },
  });
  app.openAPIRegistry.registerPath({
    method: 'patch', path: `${PATH}/{id}`, tags, operationId: 'webhooks.update', summary: 'Change or re-enable a webhook endpoint',
    description: '`enabled: true` switches on an endpoint that was switched off after 10 failed deliveries in a row, and resets the count.',
    request: { params: idParam, body: { content: { 'application/json': { schema: updateEndpointSchema } } } },
    responses: { 200: json(endpointSchema, 'The endpoint'), 401: unauthorized, 403: forbidden, 404: notFound, 422: problem('An invalid field.') },
  });
  app.openAPIRegistry.registerPath({
    method: 'delete', path: `${PATH}/{id}`, tags, operationId: 'webhooks.delete', summary: 'Delete a webhook endpoint (and its delivery log)',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, 401: unauthorized, 403: forbidden, 404: notFound },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: `${PATH}/{id}/deliveries`, tags, operationId: 'webhooks.deliveries', summary: "A webhook endpoint's delivery log",
    description: 'Newest first, in keyset pages (`limit`, `cursor`), optionally one `status`.',
    request: { params: idParam, query: deliveriesQuerySchema },
    responses: {
      200: json(z.object({ data: z.array(deliverySchema), next_cursor: z.string().nullable() }), 'A page of deliveries'),
      401: unauthorized, 403: forbidden, 404: notFound, 422: problem('An invalid query value.'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: `${PATH}/{id}/deliveries/{delivery_id}/retry`, tags, operationId: 'webhooks.retryDelivery', summary: 'Send a delivery again',
    description: 'Queues the delivery again now, with the same `webhook-id` and body (newly signed).',
    request: { params: idParam.extend({ delivery_id: z.string().meta({ description: 'A delivery id (`msg_…`).' }) }) },
    responses: { 200: json(deliverySchema, 'The delivery, pending again'), 401: unauthorized, 403: forbidden, 404: notFound, 409: problem('The delivery already succeeded.') },
  });
}
