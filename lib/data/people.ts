/** People of the caller's tenant: the directory the domain looks up requesters, managers and names in. */
import type { Person, Role } from '@/db/schema';
import type { Ctx } from './context';

export type PersonSummary = Pick<Person, 'id' | 'name' | 'email' | 'roles' | 'manager_id' | 'active'>;

const COLUMNS = ['id', 'name', 'email', 'roles', 'manager_id', 'active'] as const;

export async function findPerson(ctx: Ctx, id: string): Promise<PersonSummary | undefined> {
  return ctx.db.selectFrom('people').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listPeople(ctx: Ctx): Promise<PersonSummary[]> {
  return ctx.db.selectFrom('people').select(COLUMNS).orderBy('name').orderBy('id').execute();
}

export async function peopleWithRole(ctx: Ctx, role: Role): Promise<PersonSummary[]> {
  return ctx.db
    .selectFrom('people')
    .select(COLUMNS)
    .where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')))
    .orderBy('name')
    .execute();
}
