/** Password hashes: argon2id at OWASP's parameters; old scrypt hashes still verify and ask to be replaced. */
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';

/** A hash in the format of the first release: scrypt N = 2^14, r = 8, p = 1. */
function legacyScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

describe('password hashing', () => {
  it('hashes with argon2id, m = 19 MiB, t = 2, p = 1 (OWASP), and needs no rehash', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
  });

  it('verifies a legacy scrypt hash and asks for it to be replaced', async () => {
    const legacy = legacyScryptHash('demo');
    expect(await verifyPassword('demo', legacy)).toBe(true);
    expect(await verifyPassword('demo!', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('an argon2 hash with weaker parameters verifies but needs a rehash', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash('demo', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword('demo', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
  });

  it('matches nothing for a missing or malformed hash, or one asking for absurd scrypt cost', async () => {
    expect(await verifyPassword('demo', null)).toBe(false);
    expect(await verifyPassword('demo', 'garbage')).toBe(false);
    expect(await verifyPassword('demo', '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB')).toBe(false);
    expect(await verifyPassword('demo', 'scrypt$1073741824$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
  });

  it('keeps one dummy hash with today’s parameters for unknown emails', async () => {
    const first = await dummyPasswordHash();
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await dummyPasswordHash()).toBe(first);
  });
});
