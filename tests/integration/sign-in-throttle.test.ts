/**
 * Password guessing (issue 8, item 2): failures are limited per account + address and per address, in the
 * database, for the API's token endpoint and the browser's sign-in alike; X-Forwarded-For is believed only
 * with TRUST_PROXY; someone failing from elsewhere cannot lock the real person out.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { clientAddress } from '@/lib/http/client-address';
import { SIGN_IN_LIMITS } from '@/lib/security/throttle';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

/** A documentation-range address of its own for each test, so tests never share a bucket. */
const freshAddress = () => `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString('hex')}`;

const token = (email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  api('POST', '/api/v1/auth/token', { body: { email, password }, remoteAddress, headers });

async function failTimes(n: number, email: string, address: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 1) statuses.push((await token(email, 'wrong', address)).status);
  return statuses;
}

async function eventsOf(personId: string) {
  return db.selectFrom('security_events').select(['kind', 'ip', 'detail']).where('tenant_id', '=', t.tenantId).where('subject_id', '=', personId).execute();
}

describe('the API token endpoint', () => {
  it('answers 429 problem+json with Retry-After once one account failed too often from one address, even with the right password', async () => {
    const address = freshAddress();
    const statuses = await failTimes(SIGN_IN_LIMITS.perAccountAndAddress, t.people.tara.email, address);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const throttled = await token(t.people.tara.email, 'demo', address);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
    expect(throttled.body.detail).toMatch(/try again in \d+ minutes?/);
  });

  it('an attacker failing from another address does not lock the real person out', async () => {
    const attacker = freshAddress();
    await failTimes(SIGN_IN_LIMITS.perAccountAndAddress + 2, t.people.hana.email, attacker);
    expect((await token(t.people.hana.email, 'demo', attacker)).status).toBe(429);
    const realPerson = await token(t.people.hana.email, 'demo', freshAddress());
    expect(realPerson.status).toBe(200);
  });

  it('ignores a client-sent X-Forwarded-For without TRUST_PROXY (a new value each try is still one client)', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress + 1; i += 1) {
      statuses.push((await token(t.people.ivan.email, 'wrong', address, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits one address across many accounts (spraying one password over everyone)', async () => {
    const address = freshAddress();
    let last = 0;
    for (let i = 0; i <= SIGN_IN_LIMITS.perAddress; i += 1) {
      last = (await token(`nobody${i}@${t.domain}`, 'Summer2026!', address)).status;
    }
    expect(last).toBe(429);
    // Another address is not affected.
    expect((await token(t.people.bob.email, 'demo', freshAddress())).status).toBe(200);
  });

  it('keeps the same answer for an unknown email and a wrong password', async () => {
    const address = freshAddress();
    const unknown = await token(`nobody@${t.domain}`, 'x', address);
    const wrong = await token(t.people.bob.email, 'x', address);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });
});

describe('the shared sign-in flow', () => {
  it('forgives an account’s failures from an address once the right password arrives', async () => {
    const address = freshAddress();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress - 1; i += 1) {
      expect((await signInWithPassword(t.people.alice.email, 'wrong', address)).outcome).toBe('wrong');
    }
    expect((await signInWithPassword(t.people.alice.email, 'demo', address)).outcome).toBe('signed_in');
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress - 1; i += 1) {
      expect((await signInWithPassword(t.people.alice.email, 'wrong', address)).outcome).toBe('wrong');
    }
    expect((await signInWithPassword(t.people.alice.email, 'demo', address)).outcome).toBe('signed_in');
  });

  it('lifts the lock when the window has passed', async () => {
    const address = freshAddress();
    const start = new Date();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress; i += 1) await signInWithPassword(t.people.ada.email, 'wrong', address, start);
    const locked = await signInWithPassword(t.people.ada.email, 'demo', address, new Date(start.getTime() + 1000));
    expect(locked).toMatchObject({ outcome: 'throttled' });
    if (locked.outcome === 'throttled') expect(locked.retryAfterSeconds).toBeGreaterThan(SIGN_IN_LIMITS.windowMs / 1000 - 5);
    const later = await signInWithPassword(t.people.ada.email, 'demo', address, new Date(start.getTime() + SIGN_IN_LIMITS.windowMs + 1000));
    expect(later.outcome).toBe('signed_in');
  });

  it('records sign_in_failed and sign_in_throttled security events for a known account, with the address and no secret', async () => {
    const other = await createTestTenant(db);
    const address = freshAddress();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress; i += 1) await signInWithPassword(other.people.bob.email, 'hunter2', address);
    const events = await db.selectFrom('security_events').select(['kind', 'ip', 'detail']).where('tenant_id', '=', other.tenantId).execute();
    expect(events.filter((e) => e.kind === 'sign_in_failed')).toHaveLength(SIGN_IN_LIMITS.perAccountAndAddress);
    expect(events.filter((e) => e.kind === 'sign_in_throttled')).toHaveLength(1);
    expect(events.every((e) => e.ip === address)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(await eventsOf(other.people.alice.id)).toHaveLength(0);
  });

  it('keeps no email in the throttle table', async () => {
    await signInWithPassword(t.people.tara.email, 'wrong', freshAddress());
    const rows = await db.selectFrom('sign_in_failures').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(t.people.tara.email);
  });

  it('re-hashes a legacy scrypt hash with argon2id on a successful sign-in', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = randomBytes(16);
    const legacy = `scrypt$16384$${salt.toString('base64url')}$${scryptSync('demo', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
    await db.updateTable('people').set({ password_hash: legacy }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.ivan.id).execute();
    expect((await signInWithPassword(t.people.ivan.email, 'demo', freshAddress())).outcome).toBe('signed_in');
    const row = await db.selectFrom('people').select('password_hash').where('tenant_id', '=', t.tenantId).where('id', '=', t.people.ivan.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toBe(await hashPassword('demo'));
  });
});

describe('the client address', () => {
  it('is the socket address; X-Forwarded-For only with TRUST_PROXY, taking the entry our proxy appended', () => {
    const source = { remoteAddress: '::ffff:10.0.0.5', forwardedFor: '6.6.6.6, 203.0.113.7' };
    expect(clientAddress(source, 0)).toBe('10.0.0.5');
    expect(clientAddress(source, 1)).toBe('203.0.113.7');
    expect(clientAddress(source, 2)).toBe('6.6.6.6');
    expect(clientAddress({ remoteAddress: '10.0.0.5', forwardedFor: undefined }, 1)).toBe('10.0.0.5');
    expect(clientAddress({ remoteAddress: undefined, forwardedFor: undefined }, 0)).toBe('unknown');
  });
});
