import { describe, expect, it } from 'vitest';
import { timestampToIso } from '@/db/client';

describe('timestamps read from PostgreSQL', () => {
  it('gives what Date#toISOString gives for the UTC text form, at any precision', () => {
    for (const text of ['2026-11-30 09:00:00+00', '2026-11-30 09:00:00.1+00', '2026-11-30 09:00:00.12+00', '2026-11-30 09:00:00.123+00', '2026-11-30 09:00:00.123999+00', '1999-12-31 23:59:59.999999+00']) {
      expect(timestampToIso(text), text).toBe(new Date(text).toISOString());
    }
  });

  it('keeps a year below 100 (Date would read 0001 as 2001)', () => {
    expect(timestampToIso('0001-01-01 00:00:00+00')).toBe('0001-01-01T00:00:00.000Z');
    expect(timestampToIso('0099-06-15 12:30:00.5+00')).toBe('0099-06-15T12:30:00.500Z');
  });

  it('reads other offsets and forms through Date', () => {
    expect(timestampToIso('2026-11-30 10:00:00+01')).toBe('2026-11-30T09:00:00.000Z');
    expect(timestampToIso('2026-11-30 14:30:00.25+05:30')).toBe('2026-11-30T09:00:00.250Z');
  });
});
