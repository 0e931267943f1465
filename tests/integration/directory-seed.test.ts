/**
 * The demo seed's directory (engine.md §3a): a systems catalogue every seeded access request is valid
 * against, the Finance and Legal groups, and people's titles and start dates. The small demo, in a tenant
 * of this file's own (the seed's code is the same for acme).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { testDatabase } from '../support/database';

let db: Kysely<Database>;
const slug = `demo${randomBytes(5).toString('hex')}`;

beforeAll(async () => {
  ({ db } = await testDatabase());
  await seedDemo(db, { size: 'small', tenants: [{ slug, name: 'Acme Corp', domain: `${slug}.test`, organisation: true }] });
}, 120_000);

describe('demo seed: the directory', () => {
  it('seeds a catalogue that every seeded access request names, with valid entitlements', async () => {
    const { rows: systems } = await sql<{ id: string; entitlements: string[]; owner_ids: string[]; max_days: number | null }>`
      select s.id, s.entitlements, s.owner_ids, s.max_days from systems s join tenants t on t.id = s.tenant_id where t.slug = ${slug}`.execute(db);
    const byId = new Map(systems.map((s) => [s.id, s]));
    expect([...byId.keys()]).toEqual(expect.arrayContaining(['github', 'aws', 'slack', 'figma', 'salesforce']));
    expect(byId.get('github')?.entitlements).toEqual(['read', 'write', 'admin']);
    expect(byId.get('aws')).toMatchObject({ entitlements: ['read-only', 'power-user', 'admin'], max_days: 90 });
    expect(byId.get('aws')?.owner_ids).toHaveLength(2);
    const { rows: requests } = await sql<{ system_id: string; entitlement_type: string | null }>`
      select a.system_id, a.entitlement_type from access_requests a join tenants t on t.id = a.tenant_id where t.slug = ${slug}`.execute(db);
    expect(requests.length).toBeGreaterThan(5);
    for (const request of requests) {
      const system = byId.get(request.system_id);
      expect(system, request.system_id).toBeDefined();
      if (request.entitlement_type) expect(system!.entitlements).toContain(request.entitlement_type);
    }
  });

  it('seeds Finance (ada, bob) and Legal (hana), and titles and start dates', async () => {
    const { rows } = await sql<{ name: string; members: string[] }>`
      select g.name, array_agg(split_part(p.email, '@', 1) order by p.email) as members
      from groups g join tenants t on t.id = g.tenant_id
      join group_members m on m.tenant_id = g.tenant_id and m.group_id = g.id
      join people p on p.tenant_id = m.tenant_id and p.id = m.person_id
      where t.slug = ${slug} group by g.name order by g.name`.execute(db);
    expect(rows).toEqual([
      { name: 'Finance', members: ['ada', 'bob'] },
      { name: 'Legal', members: ['hana'] },
    ]);
    const { rows: people } = await sql<{ title: string | null; started_on: string | null }>`
      select p.title, p.started_on from people p join tenants t on t.id = p.tenant_id where t.slug = ${slug}`.execute(db);
    expect(people).toHaveLength(6);
    expect(people.every((p) => p.title && p.started_on)).toBe(true);
  });
});
