/** REST routes for the five record types, generated from the registry over the generic service. */
import type { Hono } from 'hono';
import type { Caller } from '@/lib/auth/caller';
import { contextForCaller } from '@/lib/data/database';
import { etagOf, jsonWithEtag } from '@/lib/operations/etag';
import { listRecords, parseListQuery } from '@/lib/operations/list';
import { recordTypes, type RecordType } from '@/lib/operations/registry';
import { createRecord, deleteRecord, getRecord, performAction, updateRecord } from '@/lib/operations/service';
import { requestHash, withIdempotency } from '@/lib/http/idempotency';
import { readJson } from './body';
import { readAsCaller } from './caller';

export type ApiEnv = { Variables: { caller: Caller } };

export function recordPath(type: RecordType): string {
  return `/api/v1/operations/${type.resource}`;
}

/**
 * Get and list of every type. Registered before the caller middleware (lib/api/app.ts): they resolve their
 * caller themselves, checking the session in the read's own statement (`readAsCaller`, issue 13).
 */
export function registerRecordReadRoutes(app: Hono<ApiEnv>): void {
  for (const type of recordTypes) {
    const base = recordPath(type);

    app.get(base, async (c) => {
      // Parsed inside the read, so a caller who is not signed in hears 401 before any 422 about parameters.
      return c.json(await readAsCaller(c, (ctx) => listRecords(ctx, type, parseListQuery(type, c.req.query()))));
    });

    app.get(`${base}/:id`, async (c) => {
      const record = await readAsCaller(c, (ctx) => getRecord(ctx, type, c.req.param('id')));
      const { body, etag } = jsonWithEtag(record);
      return c.body(body, 200, { 'Content-Type': 'application/json', ETag: etag });
    });
  }
}

/** Create, update, delete and actions (after the caller middleware: `c.get('caller')` is resolved). */
export function registerRecordRoutes(app: Hono<ApiEnv>): void {
  for (const type of recordTypes) {
    const base = recordPath(type);

    app.post(base, async (c) => {
      const body = await readJson(c);
      const ctx = await contextForCaller(c.get('caller'));
      const response = await withIdempotency(ctx, c.req.header('idempotency-key'), requestHash('POST', base, body), async (tx) => {
        const record = await createRecord(tx, type, body);
        return { status: 201, body: record, headers: { Location: `${base}/${record.id}`, ETag: etagOf(record) } };
      });
      return c.json(response.body as object, response.status as 201, response.headers);
    });

    app.patch(`${base}/:id`, async (c) => {
      const body = await readJson(c);
      const ctx = await contextForCaller(c.get('caller'));
      const record = await updateRecord(ctx, type, c.req.param('id'), body, { ifMatch: c.req.header('if-match') });
      c.header('ETag', etagOf(record));
      return c.json(record);
    });

    app.delete(`${base}/:id`, async (c) => {
      const ctx = await contextForCaller(c.get('caller'));
      await deleteRecord(ctx, type, c.req.param('id'), { ifMatch: c.req.header('if-match') });
      return c.body(null, 204);
    });

    app.post(`${base}/:id/:action`, async (c) => {
      const { id, action } = c.req.param();
      const body = await readJson(c);
      const ctx = await contextForCaller(c.get('caller'));
      const path = `${base}/${id}/${action}`;
      const response = await withIdempotency(ctx, c.req.header('idempotency-key'), requestHash('POST', path, body), async (tx) => {
        const record = await performAction(tx, type, id, action, body, { ifMatch: c.req.header('if-match') });
        return { status: 200, body: record, headers: { ETag: etagOf(record) } };
      });
      return c.json(response.body as object, response.status as 200, response.headers);
    });
  }
}
