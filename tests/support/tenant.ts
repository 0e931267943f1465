/**
 * A fresh tenant per test (or per file) with the six demo people, so tests never share rows and can run
 * in parallel on one database. Gives callers (for the domain) and bearer tokens (for the REST API).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import { seedTenant } from '@/db/seed';
import type { Caller } from '@/lib/auth/caller';
import { hashPassword } from '@/lib/auth/password';
import { issuePersonalToken } from '@/lib/auth/personal-token';
import { signToken } from '@/lib/auth/tokens';
import { contextFor, systemClock, type Ctx } from '@/lib/data/context';
import { tenantDb } from '@/lib/data/tenant-db';

export type PersonKey = 'alice' | 'bob' | 'hana' | 'ivan' | 'tara' | 'ada';

export interface TestTenant {
  tenantId: string;
  slug: string;
  domain: string;
  people: Record<PersonKey, { id: string; roles: Role[]; email: string }>;
  caller(key: PersonKey, overrides?: Partial<Caller>): Caller;
  ctx(key: PersonKey, overrides?: Partial<Caller>): Ctx;
  token(key: PersonKey, extra?: { appId?: string; jti?: string }): Promise<string>;
}

let passwordHash: Promise<string> | undefined;

export async function createTestTenant(db: Kysely<Database>): Promise<TestTenant> {
  passwordHash ??= hashPassword('demo');
  const slug = `t${randomBytes(6).toString('hex')}`;
  const domain = `${slug}.test`;
  const { tenantId, people: ids } = await seedTenant(db, systemClock, { slug, name: `Test ${slug}`, domain }, await passwordHash);
  const people = Object.fromEntries(
    Object.entries(ids).map(([key, p]) => [key, { id: p.id, roles: p.roles, email: `${key}@${domain}` }]),
  ) as TestTenant['people'];
  const caller = (key: PersonKey, overrides: Partial<Caller> = {}): Caller => ({
    tenantId,
    personId: people[key].id,
    roles: people[key].roles,
    appId: null,
    sourceType: 'api',
    ...overrides,
  });
  return {
    tenantId,
    slug,
    domain,
    people,
    caller,
    ctx: (key, overrides) => contextFor(db, caller(key, overrides)),
    token: async (key, extra = {}) => {
      // An integration key's token names its stored key (jti); a person's token its auth_sessions row.
      if (extra.appId) {
        return (await signToken({ personId: extra.jti ?? people[key].id, tenantId, roles: people[key].roles, appId: extra.appId, jti: extra.jti })).token;
      }
      return (await issuePersonalToken(tenantDb(db, tenantId), { personId: people[key].id, roles: people[key].roles }, 'test')).token;
    },
  };
}
