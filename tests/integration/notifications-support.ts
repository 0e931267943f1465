/** Reading the notifications a test's actions wrote, straight from the database (bypassing the feed API). */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { mintLinksForMessage } from '@/lib/notifications/email-links';
import type { PersonKey, TestTenant } from '../support/tenant';

export function notificationRows(db: Kysely<Database>, t: TestTenant) {
  const all = () =>
    db.selectFrom('notifications').selectAll().where('tenant_id', '=', t.tenantId).orderBy('created_at').orderBy('id').execute();
  return {
    all,
    /** [recipient key, kind] pairs for one record, in order. */
    async about(entityId: string): Promise<[PersonKey, string][]> {
      const byId = new Map(Object.entries(t.people).map(([key, p]) => [p.id, key as PersonKey]));
      return (await all()).filter((n) => n.entity_id === entityId).map((n) => [byId.get(n.recipient_id) ?? (n.recipient_id as PersonKey), n.kind]);
    },
    of: async (who: PersonKey) => (await all()).filter((n) => n.recipient_id === t.people[who].id),
  };
}

/** The Approve and Reject tokens of the latest email to `who` that carries links, minted as the mailer does. */
export async function emailLinksOf(db: Kysely<Database>, t: TestTenant, who: PersonKey): Promise<{ approve: string; reject: string }> {
  const message = await db
    .selectFrom('email_messages')
    .innerJoin('email_action_links', (join) => join.onRef('email_action_links.email_message_id', '=', 'email_messages.id').onRef('email_action_links.tenant_id', '=', 'email_messages.tenant_id'))
    .select(['email_messages.id', 'email_messages.text_body', 'email_messages.html_body'])
    .where('email_messages.tenant_id', '=', t.tenantId)
    .where('email_messages.recipient_id', '=', t.people[who].id)
    .orderBy('email_messages.created_at', 'desc')
    .orderBy('email_messages.id', 'desc')
    .executeTakeFirstOrThrow();
  const sent = await mintLinksForMessage(tenantDb(db, t.tenantId), message.id, { text: message.text_body, html: message.html_body });
  const approve = /Approve: \S+\/email-actions\/([\w-]{43})/.exec(sent.text)?.[1];
  const reject = /Reject: \S+\/email-actions\/([\w-]{43})/.exec(sent.text)?.[1];
  expect(approve && reject, sent.text).toBeTruthy();
  expect(sent.html).toContain(`/email-actions/${approve}`);
  return { approve: approve!, reject: reject! };
}
