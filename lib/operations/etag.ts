import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';

/**
 * A strong validator of a record's current state: its stored columns. Output-only extras (an approval
 * item's `decisions`) are derived from rows whose every change also moves the record's `updated_at`, so
 * the tag of the columns alone changes whenever they do, and it is the same whether a path read them or not.
 */
export function etagOf(record: object): string {
  const { decisions: _derived, ...columns } = record as Record<string, unknown>;
  return tagOfJson(JSON.stringify(columns));
}

function tagOfJson(json: string): string {
  return `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
}

/**
 * A record as its JSON body and its ETag, serialised once where it can be (issue 13): without output-only
 * extras the body is exactly the columns the tag is computed over.
 */
export function jsonWithEtag(record: object): { body: string; etag: string } {
  const body = JSON.stringify(record);
  return { body, etag: 'decisions' in record ? etagOf(record) : tagOfJson(body) };
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
