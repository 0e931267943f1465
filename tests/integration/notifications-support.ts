/** Reading the notifications a test's actions wrote, straight from the database (bypassing the feed API). */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
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
