/**
 * The demo data of product.md: tenants acme and globex, each with the six demo people (password "demo")
 * and their own few dozen requests across every type and state; acme's full demo adds the rest of the
 * organisation (managers with teams) and a year of history — hundreds of requests per type (db/demo).
 * Everything is dated from the moment of seeding, so a request filed "3 hours ago" says so and nothing is
 * overdue unless it is meant to be; apart from that moment the data is the same on every run.
 *
 * Requests are filed and moved on through the domain services, so approval items, desk tasks and history
 * are exactly what the app would have made. Each tenant's requests are written in one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { hashPassword } from '@/lib/auth/password';
import { deterministicClock, type Clock } from '@/lib/data/context';
import { tenantDb } from '@/lib/data/tenant-db';
import { curatedStories } from './demo/curated';
import { seedDirectory, seedOrganisation, type DemoPeople } from './demo/directory';
import { seedHistory } from './demo/history';
import { playStory } from './demo/story';

import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANTS, type DemoTenant } from './demo-tenants';

export { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANTS };

export interface SeedOptions {
  /**
   * `full` (the app's demo): acme also gets the rest of its organisation and a year of history.
   * `small`: the six people and their own requests in each tenant — for tests that need only them.
   */
  size?: 'full' | 'small';
  /** The moment the data is dated from (default: now). */
  now?: Date;
  /** Which tenants (default: acme and globex); tests seed their own, under names nobody else uses. */
  tenants?: DemoTenant[];
}

async function tenantExists(db: Kysely<Database>, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** Creates one tenant with its six people; returns the people by key. */
export async function seedTenant(
  db: Kysely<Database>,
  clock: Clock,
  tenant: { slug: string; name: string; domain: string },
  passwordHash: string,
): Promise<{ tenantId: string; people: DemoPeople }> {
  const tenantId = clock.id('ten');
  const people: DemoPeople = {};
  for (const p of DEMO_PEOPLE) people[p.key] = { id: clock.id('per'), roles: p.roles, name: p.name, managerKey: p.manager ?? null };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tenants').values({ id: tenantId, slug: tenant.slug, name: tenant.name }).execute();
    // Managers first: the manager_id foreign key needs them.
    const ordered = [...DEMO_PEOPLE].sort((a, b) => Number(!!a.manager) - Number(!!b.manager) || (a.key === 'bob' ? -1 : 1));
    for (const p of ordered) {
      const email = `${p.key}@${tenant.domain}`;
      await trx
        .insertInto('people')
        .values({ tenant_id: tenantId, id: people[p.key].id, email, name: p.name, roles: p.roles, manager_id: p.manager ? people[p.manager].id : null, password_hash: passwordHash })
        .execute();
      await trx.insertInto('login_emails').values({ email, tenant_id: tenantId, person_id: people[p.key].id }).execute();
    }
  });
  return { tenantId, people };
}

export async function seedDemo(db: Kysely<Database>, options: SeedOptions = {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Whole seconds: the data reads "3 hours ago", not "3 hours and 412 ms".
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  for (const tenant of options.tenants ?? DEMO_TENANTS) {
    if (await tenantExists(db, tenant.slug)) continue;
    // Ids from the tenant's name: the same on every run, and never another tenant's (tests seed beside each other).
    const clock = deterministicClock(now, 1000, [...tenant.slug].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 2_147_483_647, 7));
    const { tenantId, people } = await seedTenant(db, clock, tenant, passwordHash);
    const full = options.size !== 'small' && !!tenant.organisation;
    if (full) await seedOrganisation(db, clock, { id: tenantId, domain: tenant.domain }, people, passwordHash);
    await seedDirectory(db, clock, tenantId, people);
    await tenantDb(db, tenantId).transaction(async (tdb) => {
      const stage = { db: tdb, clock, people };
      for (const story of curatedStories(now, people)) await playStory(stage, story);
      if (full) await seedHistory(stage, now);
    });
  }
}

/**
 * First start: seed the demo tenants when the database has no tenant at all — in demo mode only (the
 * embedded default, or DEMO_MODE=true). A production install starts empty: `npm run setup`.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>, demoMode: boolean): Promise<void> {
  if (!demoMode) return;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(db);
  if ((rows[0]?.n ?? 0) === 0) await seedDemo(db);
}
