/**
 * A new install's first tenant and its administrator (`npm run setup`), and whether any tenant exists
 * yet (the sign-in page then says how to make one). Through the system context: no caller exists yet.
 */
import { AppError } from '@/lib/errors';
import { systemClock } from './context';
import { systemDb } from './system';

export async function hasAnyTenant(): Promise<boolean> {
  const db = await systemDb('first-run-setup');
  return !!(await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst());
}

/** `Acme Corp` → `acme-corp`; never empty. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'tenant';
}

export interface FirstTenantInput {
  tenantName: string;
  adminEmail: string;
  adminName: string;
  passwordHash: string;
}

/** Creates a tenant and its first admin in one transaction; refuses an email that already signs someone in. */
export async function createTenantWithAdmin(input: FirstTenantInput): Promise<{ tenantId: string; slug: string; personId: string }> {
  const email = input.adminEmail.trim().toLowerCase();
  const tenantName = input.tenantName.trim();
  if (!tenantName) throw new AppError('validation', 'The tenant needs a name.');
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError('validation', `"${input.adminEmail}" is not an email address.`);
  const db = await systemDb('first-run-setup');
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('login_emails').select('email').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppError('conflict', `${email} already belongs to someone; nothing was created.`);
    const base = slugOf(tenantName);
    const used = new Set(
      (await trx.selectFrom('tenants').select('slug').where('slug', 'like', `${base}%`).execute()).map((row) => row.slug),
    );
    let slug = base;
    for (let n = 2; used.has(slug); n += 1) slug = `${base}-${n}`;
    const tenantId = systemClock.id('ten');
    const personId = systemClock.id('per');
    await trx.insertInto('tenants').values({ id: tenantId, slug, name: tenantName }).execute();
    await trx
      .insertInto('people')
      .values({ tenant_id: tenantId, id: personId, email, name: input.adminName.trim() || email, roles: ['employee', 'admin'], manager_id: null, password_hash: input.passwordHash })
      .execute();
    await trx.insertInto('login_emails').values({ email, tenant_id: tenantId, person_id: personId }).execute();
    return { tenantId, slug, personId };
  });
}
