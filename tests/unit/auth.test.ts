import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { checkIfMatch, etagOf, jsonWithEtag } from '@/lib/operations/etag';

beforeAll(() => {
  process.env.AUTH_SECRET = 'unit-test-secret-0123456789abcdef';
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('demo');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('demo', hash)).toBe(true);
    expect(await verifyPassword('Demo', hash)).toBe(false);
    expect(await verifyPassword('demo', null)).toBe(false);
    expect(await verifyPassword('demo', 'garbage')).toBe(false);
  });
});

describe('bearer tokens', () => {
  it('round-trips the contract’s claims and refuses a tampered token', async () => {
    const { signToken, verifyToken } = await import('@/lib/auth/tokens');
    const { token } = await signToken({ personId: 'per_1', tenantId: 'ten_1', roles: ['employee', 'manager'] });
    await expect(verifyToken(token)).resolves.toMatchObject({ sub: 'per_1', tenant_id: 'ten_1', roles: ['employee', 'manager'] });
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    await expect(verifyToken(tampered)).rejects.toMatchObject({ kind: 'unauthorized' });
    const { token: expired } = await signToken({ personId: 'per_1', tenantId: 'ten_1', roles: [], expiresAt: new Date(Date.now() - 1000) });
    await expect(verifyToken(expired)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('a token checked once is still refused once it expires (the check is remembered, the expiry is not)', async () => {
    const { signToken, verifyToken } = await import('@/lib/auth/tokens');
    const { vi } = await import('vitest');
    const { token } = await signToken({ personId: 'per_2', tenantId: 'ten_1', roles: ['employee'], expiresAt: new Date(Date.now() + 5_000) });
    await expect(verifyToken(token)).resolves.toMatchObject({ sub: 'per_2' });
    await expect(verifyToken(token)).resolves.toMatchObject({ sub: 'per_2' });
    vi.useFakeTimers({ now: Date.now() + 6_000, toFake: ['Date'] });
    try {
      await expect(verifyToken(token)).rejects.toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/expired/) });
    } finally {
      vi.useRealTimers();
    }
    // Another token with one character changed was never checked: refused.
    const tampered = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    await expect(verifyToken(tampered)).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});

describe('ETag and If-Match', () => {
  it('a body serialised once carries the same tag as the record (with and without output-only decisions)', () => {
    const plain = { id: 'x', updated_at: '2026-01-01T00:00:00.000Z', tags: { a: 1 } };
    expect(jsonWithEtag(plain)).toEqual({ body: JSON.stringify(plain), etag: etagOf(plain) });
    const item = { ...plain, decisions: [{ decision: 'approve' }] };
    expect(jsonWithEtag(item)).toEqual({ body: JSON.stringify(item), etag: etagOf(plain) });
  });


  it('matches the current tag, a list containing it, or *, and answers 412 otherwise', () => {
    const record = { id: 'x', updated_at: '2026-01-01T00:00:00.000Z' };
    const tag = etagOf(record);
    expect(() => checkIfMatch(record, tag)).not.toThrow();
    expect(() => checkIfMatch(record, `"other", ${tag}`)).not.toThrow();
    expect(() => checkIfMatch(record, '*')).not.toThrow();
    expect(() => checkIfMatch(record, undefined)).not.toThrow();
    expect(() => checkIfMatch(record, '"stale"')).toThrow(AppError);
    expect(etagOf({ ...record, updated_at: '2026-01-02T00:00:00.000Z' })).not.toBe(tag);
  });
});
