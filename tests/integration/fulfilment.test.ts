/**
 * Desk fulfilment (issue 14, item 3): what a desk records for the requester — a trip's booking, equipment's
 * tracking number and asset tag, an access grant's entitlement and expiry — is accepted only in the bodies
 * of the actions (and stages) that record it, validated (lengths, formats, a future expiry within the
 * system's longest grant), returned with the record to the requester, and described in the OpenAPI document.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { act, approveAll, createVia, inDays, item } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

describe('travel: the booking', () => {
  it('book records carrier, reference, hotel and note; bad values are 422s that store nothing; the traveller reads them', async () => {
    const trip = await createVia(t, 'alice', 'travel');
    await approveAll(db, t, 'travel', trip.id);
    const book = (body: Record<string, unknown>, status?: number) => act(t, 'tara', 'travel', trip.id, 'book', body, status);

    const bad = await book({ carrier: 'x'.repeat(101), booking_reference: '<script>', hotel: '', itinerary_note: 'y'.repeat(2001) }, 422);
    expect(paths({ body: bad }).sort()).toEqual(['booking_reference', 'carrier', 'hotel', 'itinerary_note']);
    expect((await book({ booking_reference: 'A' }, 422)).errors[0].path).toBe('booking_reference');
    expect((await api('GET', item('travel', trip.id), { token: await t.token('alice') })).body).toMatchObject({ status: 'approved', carrier: null, booking_reference: null });

    const booked = await book({ carrier: 'Lufthansa', booking_reference: 'LH7QX2', hotel: 'Hotel Adlon', itinerary_note: 'LH 1234 dep 08:05, back LH 1239 18:40' });
    expect(booked).toMatchObject({ status: 'booked', carrier: 'Lufthansa', booking_reference: 'LH7QX2', hotel: 'Hotel Adlon' });
    const seen = await api('GET', item('travel', trip.id), { token: await t.token('alice') });
    expect(seen.body).toMatchObject({ carrier: 'Lufthansa', booking_reference: 'LH7QX2', hotel: 'Hotel Adlon', itinerary_note: 'LH 1234 dep 08:05, back LH 1239 18:40' });
    const listed = await api('GET', '/api/v1/operations/travel?limit=200', { token: await t.token('alice') });
    expect(listed.body.data.find((r: { id: string }) => r.id === trip.id)).toMatchObject({ booking_reference: 'LH7QX2' });
  });

  it('only book writes them: create, PATCH and other actions do not', async () => {
    const trip = await createVia(t, 'alice', 'travel', { carrier: 'Forged Air', booking_reference: 'FAKE01' });
    expect(trip).toMatchObject({ carrier: null, booking_reference: null });
    const patched = await api('PATCH', item('travel', trip.id), { token: await t.token('tara'), body: { hotel: 'Forged Inn' } });
    expect(patched.body.hotel ?? null).toBeNull();
    const cancelled = await act(t, 'alice', 'travel', trip.id, 'cancel', { reason: 'Plans changed', carrier: 'Forged Air' });
    expect(cancelled).toMatchObject({ status: 'cancelled', carrier: null });
  });
});

describe('equipment: the shipment', () => {
  it('asset tag at any stage, tracking number once it ships (422 before); formats checked', async () => {
    const record = await createVia(t, 'alice', 'equipment');
    await approveAll(db, t, 'equipment', record.id);
    const provision = (body: Record<string, unknown>, status?: number) => act(t, 'ivan', 'equipment', record.id, 'provision', body, status);

    const early = await provision({ stage: 'ordered', tracking_number: '1Z999AA10123456784' }, 422);
    expect(early.errors[0]).toMatchObject({ path: 'tracking_number' });
    expect((await provision({ stage: 'ordered', asset_tag: '../../etc' }, 422)).errors[0].path).toBe('asset_tag');
    expect(await provision({ stage: 'ordered', asset_tag: 'ACME-LT-0042' })).toMatchObject({ status: 'ordered', asset_tag: 'ACME-LT-0042', tracking_number: null });
    expect((await provision({ stage: 'shipped', tracking_number: 'x'.repeat(41) }, 422)).errors[0].path).toBe('tracking_number');
    expect(await provision({ stage: 'shipped', tracking_number: '1Z 999 AA1 01234 5678' })).toMatchObject({ status: 'shipped', tracking_number: '1Z 999 AA1 01234 5678', asset_tag: 'ACME-LT-0042' });
    expect((await api('GET', item('equipment', record.id), { token: await t.token('alice') })).body).toMatchObject({ tracking_number: '1Z 999 AA1 01234 5678', asset_tag: 'ACME-LT-0042' });
  });
});

describe('access: the grant', () => {
  it('provision sets the entitlement and an expiry in the future within the system’s longest grant', async () => {
    const ada = await t.token('ada');
    expect((await api('POST', '/api/v1/systems', { token: ada, body: { id: 'aws', name: 'AWS', entitlements: ['read-only', 'admin'], max_days: 90 } })).status).toBe(201);
    const request = await createVia(t, 'alice', 'access-requests', { system_id: 'aws', entitlement_type: 'read-only' });
    await approveAll(db, t, 'access-requests', request.id);
    const provision = (body: Record<string, unknown>, status?: number) => act(t, 'ivan', 'access-requests', request.id, 'provision', body, status);

    expect((await provision({ expires_at: inDays(-1) }, 422)).errors[0].path).toBe('expires_at');
    expect((await provision({ expires_at: inDays(91) }, 422)).errors[0].path).toBe('expires_at');
    expect((await provision({ entitlement_type: 'root' }, 422)).errors[0].path).toBe('entitlement_type');
    const expires = inDays(30);
    expect(await provision({ entitlement_type: 'admin', expires_at: expires })).toMatchObject({ status: 'provisioned', entitlement_type: 'admin', expires_at: expires });
    expect((await api('GET', item('access-requests', request.id), { token: await t.token('alice') })).body).toMatchObject({ entitlement_type: 'admin', expires_at: expires, granted_by_id: t.people.ivan.id });
  });
});

describe('the OpenAPI document', () => {
  it('describes the fields on the records and in the action bodies that record them', async () => {
    const doc = (await api('GET', '/api/v1/openapi.json')).body;
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.Travel.properties)).toEqual(expect.arrayContaining(['carrier', 'booking_reference', 'hotel', 'itinerary_note']));
    expect(Object.keys(schemas.Equipment.properties)).toEqual(expect.arrayContaining(['tracking_number', 'asset_tag']));
    const bodyOf = (path: string) => {
      const content = doc.paths[path].post.requestBody.content['application/json'].schema;
      return content.$ref ? schemas[content.$ref.split('/').pop()] : content;
    };
    expect(Object.keys(bodyOf('/api/v1/operations/travel/{id}/book').properties)).toEqual(expect.arrayContaining(['estimated_cost', 'carrier', 'booking_reference', 'hotel', 'itinerary_note']));
    expect(Object.keys(bodyOf('/api/v1/operations/equipment/{id}/provision').properties)).toEqual(expect.arrayContaining(['stage', 'tracking_number', 'asset_tag']));
    expect(Object.keys(bodyOf('/api/v1/operations/travel/{id}/cancel').properties)).not.toContain('carrier');
  });
});
