/**
 * Verification codes: 20 characters of Crockford base32 (100 random bits — guessing one is not practical),
 * printed in groups of five. Reading is forgiving: case, spaces, dashes and the look-alikes O/I/L are
 * normalised before the lookup.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20;

export function newVerificationCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  // 256 is a multiple of 32, so taking each byte mod 32 is unbiased.
  for (const byte of bytes) code += ALPHABET[byte % 32];
  return group(code);
}

function group(code: string): string {
  return code.match(/.{5}/g)!.join('-');
}

/** The stored form of what someone typed or scanned, or null when it cannot be a code. */
export function normaliseVerificationCode(input: string): string | null {
  if (input.length > 64) return null;
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== LENGTH || [...plain].some((c) => !ALPHABET.includes(c))) return null;
  return group(plain);
}
