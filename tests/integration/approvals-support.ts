/** Shared fixtures of the approvals engine tests: filing each record type and reading the engine's rows. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { accessRequest, equipment, hrRequest, travel, type RecordType } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import type { PersonKey, TestTenant } from '../support/tenant';

const DAY = 24 * 60 * 60 * 1000;

export const INPUT = {
  access: () => ({ system_id: 'github', access_type: 'new', justification: 'Needs the monorepo' }),
  equipment: () => ({ equipment_type: 'laptop', specification: '14 inch, 32 GB' }),
  hr: () => ({ type: 'employment_letter', description: 'For the bank' }),
  travel: (estimated_cost?: number, departInDays = 30) => ({
    purpose: 'Customer visit',
    destination: 'Lisbon',
    departure_at: new Date(Date.now() + departInDays * DAY).toISOString(),
    return_at: new Date(Date.now() + (departInDays + 3) * DAY).toISOString(),
    ...(estimated_cost === undefined ? {} : { estimated_cost }),
  }),
};

export const TYPES = { access: accessRequest, equipment, hr: hrRequest, travel } as const satisfies Record<string, RecordType>;

export function file(t: TestTenant, who: PersonKey, kind: 'access' | 'equipment' | 'hr', extra: Record<string, unknown> = {}) {
  return createRecord(t.ctx(who), TYPES[kind], { ...INPUT[kind](), ...extra });
}

export function fileTravel(t: TestTenant, who: PersonKey, estimatedCost?: number, extra: Record<string, unknown> = {}) {
  return createRecord(t.ctx(who), travel, { ...INPUT.travel(estimatedCost), ...extra });
}

/** The engine's rows, read directly (bypassing visibility) to check exactly what was written. */
export function engineRows(db: Kysely<Database>, tenantId: string) {
  return {
    items: (entityId: string) =>
      db.selectFrom('pending_items').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).orderBy('created_at').orderBy('id').execute(),
    approval: async (entityId: string) => {
      const rows = await db
        .selectFrom('pending_items')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('entity_id', '=', entityId)
        .where('type', '=', 'approval')
        .execute();
      if (rows.length !== 1) throw new Error(`expected one approval item for ${entityId}, found ${rows.length}`);
      return rows[0];
    },
    tasks: (entityId: string) =>
      db.selectFrom('pending_items').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).where('type', '=', 'task').execute(),
    steps: (pendingId: string) =>
      db.selectFrom('approval_steps').selectAll().where('tenant_id', '=', tenantId).where('pending_id', '=', pendingId).orderBy('step_index').execute(),
    audit: (entityId: string) =>
      db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).orderBy('created_at').orderBy('id').execute(),
    record: (table: 'access_requests' | 'equipment_requests' | 'travel_requests' | 'hr_requests', id: string) =>
      db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  };
}
