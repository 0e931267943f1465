/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * Desk fulfilment (issue 14): what a desk records for the requester when it fulfils, as typed columns of the
 * record types' definitions (`fulfilment` in lib/operations/types): a trip's booking (carrier, booking
 * reference, hotel, itinerary note) and equipment's shipment (tracking number, asset tag). Access requests
 * already hold their entitlement and expiry. Bounded here as in the definitions, so no path stores more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table travel_requests
    add column carrier text check (char_length(carrier) <= 100),
    add column booking_reference text check (char_length(booking_reference) <= 40),
    add column hotel text check (char_length(hotel) <= 200),
    add column itinerary_note text check (char_length(itinerary_note) <= 2000)`.execute(db);
  await sql`alter table equipment_requests
    add column tracking_number text check (char_length(tracking_number) <= 40),
    add column asset_tag text check (char_length(asset_tag) <= 40)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table travel_requests drop column carrier, drop column booking_reference, drop column hotel, drop column itinerary_note`.execute(db);
  await sql`alter table equipment_requests drop column tracking_number, drop column asset_tag`.execute(db);
}
