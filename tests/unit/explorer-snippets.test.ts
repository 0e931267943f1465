import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { bodyFields, exampleBody, type JsonSchema } from '@/components/explorer/examples';
import { curlSnippet, requestUrl, sdkSnippet } from '@/components/explorer/snippets';
import { hrRequest, travel } from '@/lib/operations/registry';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('explorer examples', () => {
  it('fills the required create fields with values the server accepts', () => {
    const body = exampleBody(jsonSchema(travel.schemas.create));
    expect(Object.keys(body).sort()).toEqual(['departure_at', 'destination', 'purpose', 'return_at']);
    expect(travel.schemas.create.safeParse(body).success).toBe(true);
    expect(new Date(String(body.return_at)) > new Date(String(body.departure_at))).toBe(true);
  });

  it('fills action bodies so that they validate (fulfil needs its URL when digital)', () => {
    const body = exampleBody(jsonSchema(hrRequest.actions.fulfill.body!), { optional: true });
    expect(body).toMatchObject({ deliverable_type: 'digital', deliverable_url: expect.stringMatching(/^https:/) });
    expect(hrRequest.actions.fulfill.body!.safeParse(body).success).toBe(true);
  });

  it('lists body fields with required flags and enum options', () => {
    const fields = bodyFields(jsonSchema(hrRequest.schemas.create));
    expect(fields.find((f) => f.name === 'type')).toMatchObject({ required: true, options: expect.arrayContaining(['employment_letter']) });
    expect(fields.find((f) => f.name === 'deliverable_url')).toMatchObject({ required: false });
  });
});

describe('explorer snippets', () => {
  const spec = {
    method: 'POST',
    path: '/api/v1/operations/travel/{id}/book',
    id: 'trv_01ABC',
    headers: { 'If-Match': '"tag"', 'Idempotency-Key': '' },
    body: '{"estimated_cost": 1200, "comment": "it\'s booked"}',
  };

  it('builds the URL with the id and the non-empty query parameters', () => {
    expect(requestUrl(spec)).toBe('/api/v1/operations/travel/trv_01ABC/book');
    expect(requestUrl({ method: 'GET', path: '/api/v1/operations/travel', query: { status: 'booked', q: ' ', limit: '10' } })).toBe(
      '/api/v1/operations/travel?status=booked&limit=10',
    );
    expect(requestUrl({ method: 'GET', path: '/api/v1/operations/travel/{id}' })).toBe('/api/v1/operations/travel/{id}');
  });

  it('writes curl with the bearer token variable, headers and a shell-safe body', () => {
    const curl = curlSnippet(spec, 'https://ops.example');
    expect(curl).toContain(`curl -X POST 'https://ops.example/api/v1/operations/travel/trv_01ABC/book'`);
    expect(curl).toContain('-H "Authorization: Bearer $OPSDESK_TOKEN"');
    expect(curl).toContain(`-H 'If-Match: "tag"'`);
    expect(curl).not.toContain('Idempotency-Key');
    expect(curl).toContain(`it'\\''s booked`);
  });

  it('writes SDK code calling the typed method', () => {
    const code = sdkSnippet({ sdkName: 'travel', sdkMethod: 'book', kind: 'action' }, spec, 'https://ops.example');
    expect(code).toContain(`createClient({ baseUrl: 'https://ops.example', token: process.env.OPSDESK_TOKEN })`);
    expect(code).toContain(`opsdesk.operations.travel.book('trv_01ABC', {`);
    expect(code).toContain('estimated_cost: 1200,');
    expect(code).toContain(`ifMatch: '"tag"'`);
    const list = sdkSnippet({ sdkName: 'accessRequests', sdkMethod: 'list', kind: 'list' }, { method: 'GET', path: '/x', query: { status: 'pending' } }, '');
    expect(list).toContain(`opsdesk.operations.accessRequests.list({\n    status: 'pending',\n  });`);
  });
  it('fills a second path parameter from its field (a webhook delivery to retry) and passes it to the SDK after the id', () => {
    const retry = { method: 'POST', path: '/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry', id: 'whk_1', query: { delivery_id: ' msg_2 ' } };
    expect(requestUrl(retry)).toBe('/api/v1/webhooks/whk_1/deliveries/msg_2/retry');
    expect(curlSnippet(retry, 'https://ops.example')).toContain(`'https://ops.example/api/v1/webhooks/whk_1/deliveries/msg_2/retry'`);
    expect(sdkSnippet({ sdkName: 'webhooks', topLevel: true, sdkMethod: 'retryDelivery', kind: 'action' }, retry, '')).toContain(`opsdesk.webhooks.retryDelivery('whk_1', 'msg_2');`);
    const log = { method: 'GET', path: '/api/v1/webhooks/{id}/deliveries', id: 'whk_1', query: { status: 'failed' } };
    expect(requestUrl(log)).toBe('/api/v1/webhooks/whk_1/deliveries?status=failed');
    expect(sdkSnippet({ sdkName: 'webhooks', topLevel: true, sdkMethod: 'deliveries', kind: 'list' }, log, '')).toContain(`opsdesk.webhooks.deliveries('whk_1', {\n    status: 'failed',\n  });`);
  });
});
