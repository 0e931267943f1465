/**
 * GET /search (engine.md §8) finds only what the caller may see — never another tenant's record or person,
 * never a record hidden from them, not even through has_more or ordering — with an id pasted exactly first;
 * GET/PUT /me/preferences validate the locale and zone (422 naming the field); the tenant's currency is an
 * admin's choice; the browser's first-visit defaults never override a choice.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { hrRequest } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import { adoptBrowserPreferences, getMyPreferences, setTenantCurrency, tenantCurrency } from '@/lib/preferences/preferences';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  db = (await testDatabase()).db;
  [t, other] = await Promise.all([createTestTenant(db), createTestTenant(db)]);
});

type Group = { type: string; label: string; has_more: boolean; data: { id: string; type: string; title: string; url: string | null; exact: boolean }[] };
const search = async (token: string, q: string, extra = '') => api<{ q: string; groups: Group[] }>('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { token });
const ids = (groups: Group[]) => groups.flatMap((g) => g.data.map((d) => d.id));

describe('GET /search', () => {
  it('finds only what the caller may see: no hidden record (by word, id, has_more or order), no other tenant', async () => {
    const word = `zeppelin${Date.now()}`;
    // Hidden from alice: tara's HR request and another tenant's trip, both with the word; visible: two of alice's trips.
    const hidden = await createRecord(t.ctx('tara'), hrRequest, { type: 'certificate', description: `Certificate ${word} for the audit` });
    const foreign = await fileTravel(other, 'alice', 100, { purpose: `Visit ${word}` });
    const mine = [await fileTravel(t, 'alice', 100, { purpose: `Trip ${word} one` }), await fileTravel(t, 'alice', 100, { purpose: `Trip ${word} two` })];
    for (let i = 0; i < 3; i++) await createRecord(t.ctx('hana'), hrRequest, { type: 'certificate', description: `${word} hidden ${i}` });

    const alice = await t.token('alice');
    const byWord = await search(alice, word, '&limit=2');
    expect(byWord.status).toBe(200);
    expect(ids(byWord.body.groups).sort()).toEqual(mine.map((r) => r.id).sort());
    expect(byWord.body.groups.map((g) => g.type)).toEqual(['Travel']);
    expect(byWord.body.groups[0].has_more).toBe(false); // three hidden matches do not count
    for (const id of [hidden.id, foreign.id]) expect((await search(alice, id)).body.groups).toEqual([]);

    // Hana (HR desk) sees the HR requests; the other tenant's alice sees only her own trip.
    const hana = await search(await t.token('hana'), word, '&limit=2');
    expect(hana.body.groups.find((g) => g.type === 'HRRequest')).toMatchObject({ has_more: true });
    expect(ids((await search(await other.token('alice'), word)).body.groups)).toEqual([foreign.id]);

    // People: only the caller's own tenant, even by exact email.
    expect((await search(alice, other.people.bob.email)).body.groups).toEqual([]);
    const bob = await search(alice, t.people.bob.email);
    expect(bob.body.groups[0]).toMatchObject({ type: 'person', data: [{ id: t.people.bob.id, title: 'Bob Brennan', url: null }] });
  });

  it('puts an id pasted exactly first, with its group first; the generic queue only for admins', async () => {
    const trip = await fileTravel(t, 'alice', 100, { purpose: 'Workshop in Oslo' });
    const alice = await t.token('alice');
    const result = await search(alice, trip.id);
    expect(result.body.groups[0].data[0]).toMatchObject({ id: trip.id, exact: true, url: `/travel/${trip.id}` });
    // bob sees the trip's approval item in his queue, but the search leaves the plumbing to admins.
    const asBob = await search(await t.token('bob'), 'Oslo');
    expect(asBob.body.groups.map((g) => g.type)).toEqual(['Travel']);
    const asAda = await search(await t.token('ada'), 'Oslo');
    expect(asAda.body.groups.map((g) => g.type)).toContain('Pending');
  });

  it('refuses a missing, empty or too long q and a bad limit with 422 naming the field; 401 without a token', async () => {
    const alice = await t.token('alice');
    for (const [path, field] of [
      ['/api/v1/search', 'q'],
      ['/api/v1/search?q=%20%20', 'q'],
      [`/api/v1/search?q=${'x'.repeat(201)}`, 'q'],
      ['/api/v1/search?q=a%00b', 'q'],
      ['/api/v1/search?q=lisbon&limit=0', 'limit'],
      ['/api/v1/search?q=lisbon&limit=x', 'limit'],
    ]) {
      const response = await api('GET', path, { token: alice });
      expect(response.status, path).toBe(422);
      expect(response.body.errors.map((e: { path: string }) => e.path), path).toContain(field);
    }
    expect((await search(alice, '%_\\')).status).toBe(200);
    expect((await api('GET', '/api/v1/search?q=lisbon')).status).toBe(401);
  });
});

describe('GET/PUT /me/preferences', () => {
  it('defaults from Accept-Language, stores canonical values, and refuses what Intl does not support (422 naming the field)', async () => {
    const hana = await t.token('hana');
    const first = await api('GET', '/api/v1/me/preferences', { token: hana, headers: { 'accept-language': 'xx-QQ;q=0.9, de-DE;q=0.8, en;q=0.5' } });
    expect(first.body).toEqual({ locale: 'de-DE', time_zone: 'UTC', defaulted: true });

    const put = await api('PUT', '/api/v1/me/preferences', { token: hana, body: { locale: 'ja-jp', time_zone: 'Asia/Tokyo' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ locale: 'ja-JP', time_zone: 'Asia/Tokyo', defaulted: false });
    expect((await api('PUT', '/api/v1/me/preferences', { token: hana, body: { time_zone: 'Europe/Berlin' } })).body).toMatchObject({ locale: 'ja-JP', time_zone: 'Europe/Berlin' });

    for (const [body, field] of [
      [{ locale: 'not a locale!' }, 'locale'],
      [{ locale: 'qq-ZZ' }, 'locale'],
      [{ locale: 42 }, 'locale'],
      [{ time_zone: '+09:00' }, 'time_zone'],
      [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
      [{ time_zone: 'x'.repeat(65) }, 'time_zone'],
      [{ theme: 'dark' }, '(body)'],
    ] as const) {
      const response = await api('PUT', '/api/v1/me/preferences', { token: hana, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(response.body.errors), JSON.stringify(body)).toContain(field === '(body)' ? 'theme' : field);
    }
    // Nothing half-applied, nobody else changed, an integration key has none.
    expect((await api('GET', '/api/v1/me/preferences', { token: hana })).body).toMatchObject({ locale: 'ja-JP', time_zone: 'Europe/Berlin' });
    expect((await getMyPreferences(other.ctx('hana'))).defaulted).toBe(true);
    expect((await api('GET', '/api/v1/me/preferences', { token: await t.token('ada', { appId: 'app_x', jti: 'key_x' }) })).status).toBeGreaterThanOrEqual(401);
  });

  it('takes the browser’s locale and zone only while the person has chosen neither', async () => {
    expect(await adoptBrowserPreferences(t.ctx('ivan'), { locale: 'fr-FR', time_zone: 'Europe/Paris' })).toBe(true);
    expect(await adoptBrowserPreferences(t.ctx('ivan'), { locale: 'en-US', time_zone: 'America/New_York' })).toBe(false);
    expect(await getMyPreferences(t.ctx('ivan'))).toEqual({ locale: 'fr-FR', time_zone: 'Europe/Paris', defaulted: false });
  });

  it('lets only an admin set the tenant’s currency, to an ISO 4217 code', async () => {
    await expect(setTenantCurrency(t.ctx('bob'), 'EUR')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(setTenantCurrency(t.ctx('ada'), 'XYZ')).rejects.toMatchObject({ kind: 'validation' });
    expect(await setTenantCurrency(t.ctx('ada'), 'jpy')).toBe('JPY');
    expect(await tenantCurrency(t.ctx('alice'))).toBe('JPY');
    expect(await tenantCurrency(other.ctx('alice'))).toBe('USD');
  });
});
