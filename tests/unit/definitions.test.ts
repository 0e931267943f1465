import { describe, expect, it } from 'vitest';
import { accessRequest, recordTypes, travel } from '@/lib/operations/registry';
import { actionsFrom } from '@/lib/operations/define';

describe('record type definitions', () => {
  it('defines the five resources of the contract with their id prefixes', () => {
    expect(recordTypes.map((t) => [t.resource, t.prefix, t.sdkName])).toEqual([
      ['access-requests', 'acr', 'accessRequests'],
      ['hr-requests', 'hrr', 'hrRequests'],
      ['pending', 'pnd', 'pending'],
      ['equipment', 'eqp', 'equipment'],
      ['travel', 'trv', 'travel'],
    ]);
  });

  it('create schemas drop server-stamped fields instead of failing on them', () => {
    const parsed = accessRequest.schemas.create.parse({
      id: 'rec_01HXEXAMPLE',
      tenant_id: 'example tenant_id',
      created_at: '2026-01-01T00:00:00Z',
      system_id: 'github',
      access_type: 'new',
      justification: 'Needed',
    });
    expect(parsed).not.toHaveProperty('id');
    expect(parsed).not.toHaveProperty('tenant_id');
    expect(parsed).toMatchObject({ system_id: 'github' });
  });

  it('every record column of the reference is in the record schema', () => {
    expect(travel.columns).toEqual(expect.arrayContaining([
      'id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'source', 'source_type',
      'is_deleted', 'deleted_at', 'deleted_by', 'schema_version', 'requester_id', 'purpose', 'destination',
      'departure_at', 'return_at', 'status', 'approver_id', 'booked_at', 'estimated_cost', 'actual_cost', 'tags',
    ]));
  });

  it('lists the actions allowed from each status', () => {
    expect(actionsFrom(accessRequest, 'pending')).toEqual(['approve', 'reject']);
    expect(actionsFrom(accessRequest, 'approved')).toEqual(['provision']);
    expect(actionsFrom(travel, 'booked')).toEqual(['complete', 'cancel']);
    expect(actionsFrom(travel, 'cancelled')).toEqual([]);
  });

  it('travel rejects a return before the departure', () => {
    expect(travel.validate!({ departure_at: '2026-05-02T00:00:00.000Z', return_at: '2026-05-01T00:00:00.000Z' })).toEqual([
      { path: 'return_at', message: 'Must be after the departure' },
    ]);
  });
});
