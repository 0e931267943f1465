/**
 * Password hashing with argon2id at OWASP's current minimum (m = 19 MiB, t = 2, p = 1): memory-hard like
 * scrypt at N = 2^17, but a sixth of its memory per sign-in, so a burst of sign-ins cannot exhaust the
 * server. Hashes made before (scrypt, N = 2^14) still verify; `needsRehash` tells the sign-in to replace
 * them with the current parameters once the person has proven their password.
 */
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** NFKC first, so the same password typed on another keyboard or OS hashes the same. */
const normalise = (password: string) => password.normalize('NFKC');

export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(normalise(password), ARGON2);
}

/** The legacy format `scrypt$N$salt$key` (r = 8, p = 1); N is capped so a stored value cannot ask for gigabytes. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, saltText, keyText] = stored.split('$');
  const cost = Number(n);
  if (!saltText || !keyText || !Number.isInteger(cost) || cost < 2 || cost > 2 ** 17) return false;
  const expected = Buffer.from(keyText, 'base64url');
  if (expected.length === 0) return false;
  const key = await scrypt(normalise(password), Buffer.from(saltText, 'base64url'), expected.length, {
    N: cost,
    r: 8,
    p: 1,
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  try {
    if (stored.startsWith('$argon2')) return await argon2Verify(stored, normalise(password));
    if (stored.startsWith('scrypt$')) return await verifyScrypt(password, stored);
  } catch {
    // A malformed stored hash matches no password.
  }
  return false;
}

/** True when a (verified) stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password with today's parameters, verified when the email is unknown so that an
 * unknown email takes as long as a wrong password (no account enumeration by timing).
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummy;
}
