import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseListQuery } from '@/lib/operations/list';
import { pending, travel } from '@/lib/operations/registry';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('list query parameters', () => {
  it('defaults to my records, newest first, 50 a page', () => {
    expect(parseListQuery(travel, {})).toMatchObject({ scope: 'mine', sort: { field: 'created_at', direction: 'desc' }, limit: 50 });
  });

  it('reads comma lists as any-of and validates each value against the enum', () => {
    expect(parseListQuery(travel, { status: 'requested,approved' }).filters.status).toEqual(['requested', 'approved']);
    const error = errorOf(() => parseListQuery(travel, { status: 'requested,flying' }));
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: 'status', message: expect.stringContaining("'flying'") }]);
  });

  it('answers 422 for a bad date, a zero or huge limit, a foreign sort and an unknown scope', () => {
    for (const params of [{ created_from: 'yesterday' }, { limit: '0' }, { limit: '201' }, { limit: 'ten' }, { sort: 'due_at' }, { scope: 'everything' }]) {
      expect(errorOf(() => parseListQuery(travel, params)).status, JSON.stringify(params)).toBe(422);
    }
  });

  it('accepts the type’s own ranges and sorts', () => {
    const q = parseListQuery(travel, { departure_from: '2026-12-01', departure_to: '2026-12-31', sort: '-departure_at' });
    expect(q.ranges.departure).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-31T23:59:59.999Z' });
    expect(q.sort).toEqual({ field: 'departure_at', direction: 'desc' });
    expect(parseListQuery(pending, { sort: 'priority', priority: '1,2' }).filters.priority).toEqual([1, 2]);
  });

  it('rejects a cursor that was not made for this sort', () => {
    const cursor = Buffer.from(JSON.stringify({ s: '-created_at', v: '2026-01-01T00:00:00.000Z', id: 'trv_x' })).toString('base64url');
    expect(parseListQuery(travel, { cursor }).cursor).toEqual({ v: '2026-01-01T00:00:00.000Z', id: 'trv_x' });
    expect(errorOf(() => parseListQuery(travel, { cursor, sort: 'created_at' })).status).toBe(422);
    expect(errorOf(() => parseListQuery(travel, { cursor: '!!garbage' })).status).toBe(422);
  });
});
