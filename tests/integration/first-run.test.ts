/** A production install starts empty: the first tenant and admin come from `npm run setup` (lib/data/first-run.ts). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { seedDemoIfEmpty } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { createTenantWithAdmin, slugOf } from '@/lib/data/first-run';
import { testDatabase } from '../support/database';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

describe('first run', () => {
  it('seeds no demo tenant outside demo mode', async () => {
    const before = await db.selectFrom('tenants').select('slug').where('slug', 'in', ['acme', 'globex']).execute();
    await seedDemoIfEmpty(db, false);
    const after = await db.selectFrom('tenants').select('slug').where('slug', 'in', ['acme', 'globex']).execute();
    expect(after).toEqual(before);
  });

  it('creates a tenant and its admin, who can sign in; refuses an email that exists', async () => {
    const email = `founder-${randomBytes(4).toString('hex')}@first-run.example`;
    const name = `Initech ${randomBytes(3).toString('hex')}`;
    const created = await createTenantWithAdmin({ tenantName: name, adminEmail: email, adminName: 'Peter', passwordHash: await hashPassword('a long first password') });
    expect(created.slug).toBe(slugOf(name));
    const person = await db.selectFrom('people').select(['roles', 'email']).where('tenant_id', '=', created.tenantId).where('id', '=', created.personId).executeTakeFirstOrThrow();
    expect(person.roles).toEqual(['employee', 'admin']);
    const signIn = await signInWithPassword(email, 'a long first password', `192.0.2.${randomBytes(1)[0]}`);
    expect(signIn).toMatchObject({ outcome: 'signed_in', identity: { tenantId: created.tenantId, roles: ['employee', 'admin'] } });

    await expect(createTenantWithAdmin({ tenantName: 'Other', adminEmail: email.toUpperCase(), adminName: '', passwordHash: 'x' })).rejects.toMatchObject({ kind: 'conflict' });
    const again = await createTenantWithAdmin({ tenantName: name, adminEmail: `second-${email}`, adminName: '', passwordHash: 'x' });
    expect(again.slug).toBe(`${slugOf(name)}-2`);
  });
});
