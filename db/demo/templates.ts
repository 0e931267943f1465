/**
 * The demo history's model requests: one story per path a request can take (approved and provisioned,
 * rejected at the second step, withdrawn, …), filed and moved on through the domain services by a
 * stand-in requester and manager, with placeholder text and amounts. Each state a story passes through is
 * a snapshot the history copies (history.ts), with real people, text, amounts and dates put in.
 */
import { accessRequest, equipment, hrRequest, travel, type RecordType } from '@/lib/operations/registry';
import type { Story, StoryStep } from './story';

/** Placeholders in the model requests: each is replaced wherever it appears in a copy (replay.ts). */
export const TOKENS = {
  system: 'zq-system-qz',
  entitlement: 'zq-entitlement-qz',
  justification: 'zq-justification-qz',
  description: 'zq-description-qz',
  url: 'https://docs.acme.example/hr/zq-url-qz',
  gear: 'zq-gear-qz',
  specification: 'zq-specification-qz',
  assetTag: 'zq-asset-qz',
  tracking: 'zq-tracking-qz',
  purpose: 'zq-purpose-qz',
  destination: 'zq-destination-qz',
  carrier: 'zq-carrier-qz',
  hotel: 'zq-hotel-qz',
  reference: 'zq-reference-qz',
  itinerary: 'zq-itinerary-qz',
  approveRemark: 'zq-approve-remark-qz',
  rejectRemark: 'zq-reject-remark-qz',
  closeRemark: 'zq-close-remark-qz',
} as const;

/** Placeholder amounts: distinctive, two decimals, each on the right side of the travel threshold. */
export const AMOUNTS = { tripLow: 1357.91, tripHigh: 4680.13, actualLow: 1289.37, actualHigh: 4511.29, gear: 1733.57 } as const;

/** The stand-ins; the desks and the admin act as themselves. */
export const STAND_INS = { requester: 'zq-requester-qz', manager: 'zq-manager-qz' } as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The dates in a model story that are not event times: a trip's and a grant's, mapped on their own. */
export interface StoryDates {
  departure: number;
  return: number;
  expires: number;
}

export function storyDates(t0: number): StoryDates {
  return { departure: t0 + 14 * DAY + 9 * HOUR, return: t0 + 17 * DAY + 18 * HOUR, expires: t0 + 200 * DAY };
}

export interface ModelRun {
  story: Story;
  /** The snapshot taken after the filing (index 0) and after each step; null: none wanted there. */
  snapshots: (string | null)[];
}

type Step = [hours: number, by: string, action: string, body?: Record<string, unknown>];

function run(type: RecordType, t0: number, fields: Record<string, unknown>, steps: Step[], snapshots: (string | null)[]): ModelRun {
  const at = (hours: number) => new Date(t0 + hours * HOUR);
  const storySteps: StoryStep[] = steps.map(([hours, by, action, body]) => ({ by, action, at: at(hours), body }));
  return { story: { type, by: STAND_INS.requester, at: at(0), fields, steps: storySteps }, snapshots };
}

const managerApproves: (hours: number) => Step = (hours) => [hours, STAND_INS.manager, 'approve', { comment: TOKENS.approveRemark }];
const managerRejects: (hours: number) => Step = (hours) => [hours, STAND_INS.manager, 'reject', { comment: TOKENS.rejectRemark }];
const withdraws: (hours: number) => Step = (hours) => [hours, STAND_INS.requester, 'withdraw'];

/** Every model run, filed at `t0` (the moment of seeding: the services check some dates against the real clock). */
export function modelRuns(t0: number): ModelRun[] {
  const dates = storyDates(t0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const access = { system_id: TOKENS.system, access_type: 'new', justification: TOKENS.justification, entitlement_type: TOKENS.entitlement };
  const provision = { entitlement_type: TOKENS.entitlement, principal_type: 'person' };
  const letter = { type: 'certificate', description: TOKENS.description };
  const gear = { equipment_type: TOKENS.gear, specification: TOKENS.specification, cost: AMOUNTS.gear };
  const trip = (estimate: number) => ({ purpose: TOKENS.purpose, destination: TOKENS.destination, departure_at: iso(dates.departure), return_at: iso(dates.return), estimated_cost: estimate });
  const booking = { carrier: TOKENS.carrier, booking_reference: TOKENS.reference, hotel: TOKENS.hotel, itinerary_note: TOKENS.itinerary };

  return [
    // Access: the manager, then IT approves; IT provisions and closes it.
    run(accessRequest, t0, access, [managerApproves(5), [20, 'ivan', 'approve'], [28, 'ivan', 'provision', provision], [60, 'ivan', 'complete']], [
      'access:pending', 'access:it-step', 'access:approved', 'access:provisioned', 'access:completed',
    ]),
    run(accessRequest, t0, access, [managerApproves(5), [20, 'ivan', 'approve'], [28, 'ivan', 'provision', { ...provision, expires_at: iso(dates.expires) }]], [
      null, null, null, 'access:provisioned-expiring',
    ]),
    run(accessRequest, t0, access, [managerRejects(6)], [null, 'access:rejected']),
    run(accessRequest, t0, access, [managerApproves(5), [22, 'ivan', 'reject', { comment: TOKENS.rejectRemark }]], [null, null, 'access:rejected-by-it']),
    run(accessRequest, t0, access, [withdraws(3)], [null, 'access:withdrawn']),
    // HR: the desk's task opens on filing; started, then fulfilled (digital or physical) or rejected.
    run(hrRequest, t0, { ...letter, deliverable_type: 'digital' }, [[4, 'hana', 'start'], [30, 'hana', 'fulfill', { deliverable_type: 'digital', deliverable_url: TOKENS.url }]], [
      'hr:pending', 'hr:in-progress', 'hr:completed-digital',
    ]),
    run(hrRequest, t0, { ...letter, deliverable_type: 'physical' }, [[4, 'hana', 'start'], [50, 'hana', 'fulfill', { deliverable_type: 'physical' }]], [null, null, 'hr:completed-physical']),
    run(hrRequest, t0, letter, [[6, 'hana', 'start'], [10, 'hana', 'reject', { reason: TOKENS.rejectRemark }]], [null, null, 'hr:rejected']),
    run(hrRequest, t0, letter, [withdraws(2)], [null, 'hr:withdrawn']),
    // Equipment: the manager approves; IT orders, ships and delivers it, and takes it back months later.
    run(
      equipment,
      t0,
      gear,
      [managerApproves(6), [26, 'ivan', 'provision', { stage: 'ordered' }], [70, 'ivan', 'provision', { tracking_number: TOKENS.tracking }], [118, 'ivan', 'provision', { asset_tag: TOKENS.assetTag }], [150 * 24, 'ivan', 'return', { comment: TOKENS.closeRemark }]],
      ['equipment:requested', 'equipment:approved', 'equipment:ordered', 'equipment:shipped', 'equipment:delivered', 'equipment:returned'],
    ),
    run(equipment, t0, gear, [managerRejects(8)], [null, 'equipment:rejected']),
    run(equipment, t0, gear, [withdraws(3)], [null, 'equipment:withdrawn']),
    // Travel: the manager (and an admin above the threshold) approves; the desk books; the traveller closes it after the trip.
    run(travel, t0, trip(AMOUNTS.tripLow), [managerApproves(7), [30, 'tara', 'book', booking], [24 * 24, STAND_INS.requester, 'complete', { actual_cost: AMOUNTS.actualLow }]], [
      'travel:requested', 'travel:approved', 'travel:booked', 'travel:completed',
    ]),
    run(
      travel,
      t0,
      trip(AMOUNTS.tripHigh),
      [managerApproves(6), [20, 'ada', 'approve', { comment: TOKENS.approveRemark }], [40, 'tara', 'book', booking], [25 * 24, STAND_INS.requester, 'complete', { actual_cost: AMOUNTS.actualHigh }]],
      ['travel-high:requested', 'travel-high:admin-step', 'travel-high:approved', 'travel-high:booked', 'travel-high:completed'],
    ),
    run(travel, t0, trip(AMOUNTS.tripLow), [managerRejects(6)], [null, 'travel:rejected']),
    run(travel, t0, trip(AMOUNTS.tripHigh), [managerApproves(6), [18, 'ada', 'reject', { comment: TOKENS.rejectRemark }]], [null, null, 'travel-high:rejected-by-admin']),
    run(travel, t0, trip(AMOUNTS.tripLow), [managerApproves(5), [30, 'tara', 'book', booking], [5 * 24, STAND_INS.requester, 'cancel', { reason: TOKENS.closeRemark }]], [null, null, null, 'travel:cancelled']),
    run(travel, t0, trip(AMOUNTS.tripLow), [withdraws(2)], [null, 'travel:withdrawn']),
  ];
}
