/**
 * Public verification of a document by its code (engine.md §7): no sign-in, so the lookup necessarily
 * spans tenants — through the audited system context, reason `verification` — and answers only the five
 * facts a reader of the document needs: issuer, type, person, issue date, valid or revoked.
 *
 * Rate limited per client address (the socket's, or the proxy's entry under TRUST_PROXY — see
 * lib/http/client-address.ts), shared by every instance through the verification_lookups table: each
 * lookup is written before it is counted, so a burst cannot slip under the limit (as the sign-in throttle).
 */
import { ulid } from 'ulidx';
import type { HrDocumentType } from '@/db/schema';
import { systemDb } from '@/lib/data/system';
import { AppError } from '@/lib/errors';
import { normaliseVerificationCode } from './codes';
import { purgeRateLimitRows } from '@/lib/security/rate-limit-rows';

export const VERIFY_LIMITS = { windowMs: 60 * 1000, perAddress: 30 };

export interface Verification {
  issuer: string;
  document_type: HrDocumentType;
  person_name: string;
  issued_at: string;
  status: 'valid' | 'revoked';
}

/** Lookups past their time (lib/security/rate-limit-rows.ts). */
export function purgeVerificationLookups(now: Date): Promise<number> {
  return purgeRateLimitRows('verification', 'verification_lookups', VERIFY_LIMITS.windowMs, now);
}

/** Counts a lookup from an address; throws 429 (with Retry-After) past the limit. */
export async function throttleVerification(address: string, now = new Date()): Promise<void> {
  const db = await systemDb('verification');
  const since = new Date(now.getTime() - VERIFY_LIMITS.windowMs);
  await purgeVerificationLookups(now);
  await db.insertInto('verification_lookups').values({ id: `vfl_${ulid(now.getTime())}`, address, created_at: now.toISOString() }).execute();
  const rows = await db
    .selectFrom('verification_lookups')
    .select('created_at')
    .where('address', '=', address)
    .where('created_at', '>', since.toISOString())
    .orderBy('created_at', 'desc')
    .limit(VERIFY_LIMITS.perAddress + 1)
    .execute();
  if (rows.length <= VERIFY_LIMITS.perAddress) return;
  const oldestCounted = new Date(rows[VERIFY_LIMITS.perAddress - 1].created_at).getTime();
  const retryAfter = Math.max(1, Math.ceil((oldestCounted + VERIFY_LIMITS.windowMs - now.getTime()) / 1000));
  throw new AppError('rate_limited', `Too many verification lookups from here; try again in ${retryAfter} seconds.`, { extensions: { retry_after: retryAfter } });
}

/** The public facts of the document with this code, or null for an unknown (or malformed) code. */
export async function findVerification(code: string): Promise<Verification | null> {
  const normalised = normaliseVerificationCode(code);
  if (!normalised) return null;
  const db = await systemDb('verification');
  const row = await db
    .selectFrom('documents')
    .select(['issuer_name', 'document_type', 'person_name', 'issued_at', 'revoked_at'])
    .where('verification_code', '=', normalised)
    .executeTakeFirst();
  if (!row) return null;
  return {
    issuer: row.issuer_name,
    document_type: row.document_type,
    person_name: row.person_name,
    issued_at: new Date(row.issued_at).toISOString(),
    status: row.revoked_at ? 'revoked' : 'valid',
  };
}

/** A rate-limited lookup: 429 past the limit, 404 for an unknown code. */
export async function verifyDocument(code: string, address: string, now = new Date()): Promise<Verification> {
  await throttleVerification(address, now);
  const found = await findVerification(code);
  if (!found) throw new AppError('not_found', 'No document has this verification code.');
  return found;
}
