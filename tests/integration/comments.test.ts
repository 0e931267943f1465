import { beforeAll, describe, expect, it } from 'vitest';
import { addComment, listComments } from '@/lib/operations/comments';
import { hrRequest } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  const { db } = await testDatabase();
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

describe('comments on a record', () => {
  it('lets whoever sees the record add and read comments, in order, and nobody else', async () => {
    const record = await createRecord(t.ctx('alice'), hrRequest, { type: 'certificate', description: 'For the bank' });
    await addComment(t.ctx('alice'), hrRequest, record.id, '  Needed by Friday  ');
    await addComment(t.ctx('hana'), hrRequest, record.id, 'On it');
    const comments = await listComments(t.ctx('alice'), hrRequest, record.id);
    expect(comments.map((c) => [c.author_id, c.body])).toEqual([
      [t.people.alice.id, 'Needed by Friday'],
      [t.people.hana.id, 'On it'],
    ]);

    // Ivan (neither the requester nor the HR desk) and another tenant get a 404.
    await expect(listComments(t.ctx('ivan'), hrRequest, record.id)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(addComment(other.ctx('hana'), hrRequest, record.id, 'hi')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(addComment(t.ctx('alice'), hrRequest, record.id, '   ')).rejects.toMatchObject({ kind: 'validation' });
  });
});
