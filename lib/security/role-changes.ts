/** Role grants and removals as security events (engine.md §8): one event per role that changed. */
import type { Role } from '@/db/schema';
import type { TenantDb } from '@/lib/data/tenant-db';
import { recordSecurityEvent } from './events';

export async function recordRoleChanges(
  db: TenantDb,
  actorId: string,
  person: { id: string; name: string; before: readonly Role[]; after: readonly Role[] },
  at: string,
): Promise<void> {
  const granted = person.after.filter((role) => !person.before.includes(role));
  const removed = person.before.filter((role) => !person.after.includes(role));
  for (const role of granted) {
    await recordSecurityEvent(db, { kind: 'role_granted', actorId, subjectId: person.id, detail: { role, person_name: person.name }, at: new Date(at) });
  }
  for (const role of removed) {
    await recordSecurityEvent(db, { kind: 'role_removed', actorId, subjectId: person.id, detail: { role, person_name: person.name }, at: new Date(at) });
  }
}
