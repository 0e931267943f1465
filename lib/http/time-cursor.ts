/**
 * The opaque cursor of the lists that page newest first by (timestamp, id): security events, notifications,
 * jobs. A cursor the client altered is a 422 naming `cursor`, never a 500.
 */
import { invalid } from '@/lib/errors';

export function encodeTimeCursor(t: string, id: string): string {
  return Buffer.from(JSON.stringify({ t, id })).toString('base64url');
}

export function decodeTimeCursor(cursor: string): { t: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    if (typeof parsed.t === 'string' && !Number.isNaN(Date.parse(parsed.t)) && typeof parsed.id === 'string' && parsed.id.length <= 64) {
      return { t: new Date(parsed.t).toISOString(), id: parsed.id };
    }
  } catch {
    // fall through: not one of ours
  }
  throw invalid([{ path: 'cursor', message: 'Not a cursor of this list (use next_cursor unchanged)' }]);
}
