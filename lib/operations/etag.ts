import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';

/**
 * A strong validator of a record's current state: its stored columns. Output-only extras (an approval
 * item's `decisions`) are derived from rows whose every change also moves the record's `updated_at`, so
 * the tag of the columns alone changes whenever they do, and it is the same whether a path read them or not.
 */
export function etagOf(record: object): string {
  const { decisions: _derived, ...columns } = record as Record<string, unknown>;
  return `"${createHash('sha256').update(JSON.stringify(columns)).digest('base64url').slice(0, 27)}"`;
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
