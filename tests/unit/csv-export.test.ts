import { describe, expect, it } from 'vitest';
import { csvColumns, csvHeaderLine, csvLine, localDateTime, timeZoneOr } from '@/components/records/csv-export';
import { pending, travel } from '@/lib/operations/registry';

const names = new Map([
  ['per_alice', 'Alice Archer'],
  ['per_bob', 'Bob Brennan'],
]);

const trip = {
  id: 'trv_01',
  status: 'booked',
  requester_id: 'per_alice',
  purpose: 'Customer workshop',
  destination: 'Berlin',
  departure_at: '2026-12-07T08:00:00.000Z',
  return_at: '2026-12-09T18:00:00.000Z',
  estimated_cost: 1400,
  actual_cost: null,
  approver_id: 'per_bob',
  booked_at: '2026-12-01T23:30:00.000Z',
  created_by: 'per_alice',
  created_at: '2026-11-30T09:15:00.000Z',
  updated_at: '2026-12-01T23:30:00.000Z',
  tenant_id: 'ten_acme',
  app_id: null,
  source: 'edm',
  source_type: 'frontend',
  schema_version: 1,
  is_deleted: false,
  tags: {},
};

describe('CSV export', () => {
  it('heads each column with the field label, leaving out the plumbing', () => {
    const labels = csvColumns(travel).map((c) => c.label);
    expect(labels.slice(0, 3)).toEqual(['ID', 'Status', 'Traveller']);
    expect(labels.slice(-3)).toEqual(['Filed by', 'Created', 'Updated']);
    for (const label of ['Purpose', 'Destination', 'Departure', 'Return', 'Estimated cost', 'Approver', 'Booked at']) expect(labels).toContain(label);
    expect(csvHeaderLine(csvColumns(travel))).toBe(labels.map((label) => `"${label}"`).join(','));
    expect(labels.join(' ')).not.toMatch(/_id\b|_at\b|tenant|schema|source/i);
    const pendingLabels = csvColumns(pending).map((c) => c.label);
    for (const internal of ['Made by the engine', 'Policy version', 'Waiting on', 'Current step', 'Entity type']) expect(pendingLabels).not.toContain(internal);
  });

  it('writes people by name, enums in words and dates in the person’s time zone', () => {
    const columns = csvColumns(travel);
    const line = csvLine(columns, trip, { names, timeZone: 'Europe/Berlin' });
    const cells = Object.fromEntries(columns.map((c, i) => [c.label, line.split('","')[i]?.replace(/^"|"$/g, '')]));
    expect(cells).toMatchObject({
      ID: 'trv_01',
      Status: 'Booked',
      Traveller: 'Alice Archer',
      Departure: '2026-12-07 09:00',
      Return: '2026-12-09 19:00',
      'Estimated cost': '1400',
      'Actual cost': '',
      Approver: 'Bob Brennan',
      'Booked at': '2026-12-02 00:30',
      'Filed by': 'Alice Archer',
      Created: '2026-11-30 10:15',
    });
    expect(line).not.toContain('per_');
  });

  it('takes only a zone the runtime knows, and defuses formula-looking cells', () => {
    expect(timeZoneOr('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(timeZoneOr('Mars/Olympus')).toBe('UTC');
    expect(timeZoneOr(undefined)).toBe('UTC');
    expect(localDateTime('2026-12-31T20:00:00Z', 'Asia/Tokyo')).toBe('2027-01-01 05:00');
    const line = csvLine(csvColumns(travel), { ...trip, purpose: '=HYPERLINK("x")' }, { names, timeZone: 'UTC' });
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
