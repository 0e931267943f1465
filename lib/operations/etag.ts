import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';

/** A strong validator of a record's current representation. */
export function etagOf(record: object): string {
  return `"${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 27)}"`;
}

/** If-Match: `*` or a list of tags, one of which must be the current one (412 otherwise). */
export function checkIfMatch(record: object, ifMatch: string | undefined | null): void {
  if (ifMatch == null || ifMatch.trim() === '') return;
  const value = ifMatch.trim();
  if (value === '*') return;
  const current = etagOf(record);
  const tags = value.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(current)) {
    throw new AppError('precondition_failed', 'The record changed since you read it (If-Match does not match its ETag). Read it again and retry.', {
      extensions: { current_etag: current },
    });
  }
}
