/**
 * Issue 8, item 5: input limits (engine.md §2, Limits). A body over 1 MB is a 413 before it is read
 * (declared or chunked, on the unauthenticated token endpoint too); `tags` at most 16 KB and 5 levels
 * deep; comments at most 5,000 characters; every string field of every create body bounded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { createApiApp } from '@/lib/api/app';
import { addComment } from '@/lib/operations/comments';
import { recordTypes, travel } from '@/lib/operations/registry';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { collection, createVia, item, RESOURCES, validBody, type Resource } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const MB = 1024 * 1024;

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level++) value = { deeper: value };
  return value;
}

describe('body size: 1 MB', () => {
  it('refuses a declared 30 MB body to the unauthenticated token endpoint with 413 problem+json', async () => {
    const res = await api('POST', '/api/v1/auth/token', { rawBody: `{"email":"a@b.c","password":"${'x'.repeat(30 * MB)}"}` });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('refuses a chunked body as soon as it passes 1 MB, without reading the rest', async () => {
    let chunksPulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunksPulled++;
        if (chunksPulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await createApiApp().request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    // 1 MB is 16 chunks of 64 KB: the stream stops being read right after the limit (plus read-ahead).
    expect(chunksPulled).toBeLessThan(40);
  });

  it('refuses an authenticated create over 1 MB (413) and accepts one just under it', async () => {
    const token = await t.token('alice');
    const big = await api('POST', collection('equipment'), { token, body: validBody('equipment', { specification: 'x'.repeat(MB + 1) }) });
    expect(big.status).toBe(413);
    const padded = await api('POST', collection('equipment'), { token, rawBody: JSON.stringify(validBody('equipment')) + ' '.repeat(MB - 500) });
    expect(padded.status).toBe(201);
  });
});

describe('tags: at most 5 levels deep and 16 KB serialised', () => {
  it('accepts 5 levels and refuses 6, 100 and 100,000 levels with a 422 naming tags (never a 500)', async () => {
    const token = await t.token('alice');
    expect((await api('POST', collection('travel'), { token, body: validBody('travel', { tags: nested(5) }) })).status).toBe(201);
    for (const depth of [6, 100, 100_000]) {
      const res = await api('POST', collection('travel'), { token, rawBody: JSON.stringify(validBody('travel')).replace(/}$/, `,"tags":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`) });
      expect(res.status, `depth ${depth}`).toBe(422);
      expect(res.body.errors[0].path, `depth ${depth}`).toBe('tags');
    }
  });

  it('refuses tags over 16 KB, on create and on update', async () => {
    const token = await t.token('alice');
    const tooBig = { note: 'x'.repeat(16 * 1024) };
    const created = await api('POST', collection('travel'), { token, body: validBody('travel', { tags: tooBig }) });
    expect(created.status).toBe(422);
    expect(created.body.errors[0].path).toBe('tags');
    const record = await createVia(t, 'alice', 'travel', { tags: { note: 'x'.repeat(15 * 1024) } });
    const updated = await api('PATCH', item('travel', record.id), { token, body: { tags: tooBig } });
    expect(updated.status).toBe(422);
    expect(updated.body.errors[0].path).toBe('tags');
  });
});

describe('comments: at most 5,000 characters', () => {
  it('bounds a comment on a record', async () => {
    const record = await createVia(t, 'alice', 'travel');
    await expect(addComment(t.ctx('alice'), travel, record.id, 'x'.repeat(5001))).rejects.toMatchObject({ status: 422 });
    await expect(addComment(t.ctx('alice'), travel, record.id, 'x'.repeat(5000))).resolves.toMatchObject({ body: 'x'.repeat(5000) });
  });

  it('bounds the comment of a decision and of every action', async () => {
    const record = await createVia(t, 'alice', 'travel');
    const bob = await t.token('bob');
    const tooLong = await api('POST', item('travel', record.id, 'reject'), { token: bob, body: { comment: 'x'.repeat(5001) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].path).toBe('comment');
    for (const type of recordTypes) {
      for (const [name, spec] of Object.entries(type.actions)) {
        const shape = (spec.body as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
        for (const field of ['comment', 'reason'].filter((f) => f in shape)) {
          const parsed = (spec.body as { safeParse(v: unknown): { success: boolean } }).safeParse({ [field]: 'x'.repeat(5001) });
          expect(parsed.success, `${type.name}.${name}.${field}`).toBe(false);
        }
      }
    }
  });
});

describe('every string field is bounded', () => {
  it.each(RESOURCES)('%s: a 100,000-character value in any field of a create body is a 422 naming the field', async (resource: Resource) => {
    const token = await t.token('ada');
    const type = recordTypes.find((candidate) => candidate.resource === resource)!;
    const fields = Object.keys((type.schemas.create as unknown as { shape: Record<string, unknown> }).shape).filter((name) => name !== 'tags');
    for (const field of fields) {
      const res = await api('POST', collection(resource), { token, body: validBody(resource, { [field]: 'x'.repeat(100_000) }) });
      expect(res.status, `${resource}.${field}`).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path), `${resource}.${field}`).toContain(field);
    }
  });
});
