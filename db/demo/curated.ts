/**
 * The six demo people's own requests, in every demo tenant: a few dozen across every type and state,
 * each event dated from the moment of seeding ("filed 3 hours ago"). What waits on someone waits well
 * within its SLA, except Bob's Okta request, left overdue on purpose so the inbox shows what that looks
 * like. The journeys and the docs name some of these (the Berlin and San Francisco trips, the travel
 * policy review): change them with care.
 */
import { accessRequest, equipment, hrRequest, pending, travel } from '@/lib/operations/registry';
import type { DemoPeople } from './directory';
import type { Story, StoryStep } from './story';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function curatedStories(now: Date, people: DemoPeople): Story[] {
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const daysAgo = (days: number) => hoursAgo(days * 24);
  /** A day relative to now at a whole UTC hour (trips leave at 09:00 UTC, back at 18:00). */
  const dayAt = (days: number, hour = 9) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const bobApproves = (at: Date): StoryStep => ({ by: 'bob', action: 'approve', at, body: { comment: 'Looks right.' } });

  return [
    // Access requests: the manager step, then IT.
    { type: accessRequest, by: 'alice', at: hoursAgo(3), fields: { system_id: 'github', access_type: 'new', justification: 'Push access to the payments repositories for the Q3 checkout work.' } },
    { type: accessRequest, by: 'alice', at: hoursAgo(26), fields: { system_id: 'aws', access_type: 'modify', justification: 'Read-only access to the staging account to debug the billing export.' }, steps: [bobApproves(hoursAgo(20))] },
    {
      type: accessRequest, by: 'alice', at: hoursAgo(50), fields: { system_id: 'slack', access_type: 'new', justification: 'Join the #incident-response workspace as an on-call engineer.' },
      steps: [bobApproves(hoursAgo(46)), { by: 'ivan', action: 'approve', at: hoursAgo(30) }],
    },
    {
      type: accessRequest, by: 'alice', at: daysAgo(9), fields: { system_id: 'salesforce', access_type: 'new', justification: 'Access to customer records for the renewal analysis.', entitlement_type: 'read-only' },
      steps: [
        bobApproves(hoursAgo(9 * 24 - 3)),
        { by: 'ivan', action: 'approve', at: daysAgo(8) },
        { by: 'ivan', action: 'provision', at: hoursAgo(8 * 24 - 2), body: { entitlement_type: 'read-only', principal_type: 'person', expires_at: dayAt(180) } },
      ],
    },
    {
      type: accessRequest, by: 'alice', at: daysAgo(21), fields: { system_id: 'jira', access_type: 'revoke', justification: 'Project ended; remove access to the legacy board.' },
      steps: [bobApproves(hoursAgo(21 * 24 - 4)), { by: 'ivan', action: 'approve', at: daysAgo(20) }, { by: 'ivan', action: 'provision', at: hoursAgo(20 * 24 - 3) }, { by: 'ivan', action: 'complete', at: daysAgo(19) }],
    },
    {
      type: accessRequest, by: 'alice', at: daysAgo(12), fields: { system_id: 'prod-db', access_type: 'new', justification: 'Write access to the production database.' },
      steps: [{ by: 'bob', action: 'reject', at: hoursAgo(12 * 24 - 5), body: { comment: 'Use the break-glass procedure instead.' } }],
    },
    // Waiting on Ada for four days: overdue on purpose.
    { type: accessRequest, by: 'bob', at: daysAgo(4), fields: { system_id: 'okta', access_type: 'modify', justification: 'Manager role in the identity console to onboard two new hires.' } },
    {
      type: accessRequest, by: 'hana', at: hoursAgo(30), fields: { system_id: 'workday', access_type: 'new', justification: 'HR partner access for the new compensation cycle.' },
      steps: [{ by: 'ada', action: 'approve', at: hoursAgo(28) }, { by: 'ivan', action: 'approve', at: hoursAgo(6) }],
    },
    // HR requests: the HR desk's queue.
    { type: hrRequest, by: 'alice', at: hoursAgo(5), fields: { type: 'employment_letter', description: 'Employment letter for my apartment rental application.', deliverable_type: 'digital' } },
    {
      type: hrRequest, by: 'alice', at: hoursAgo(44), fields: { type: 'certificate', description: 'Certificate of completed safety training for the client audit.' },
      steps: [{ by: 'hana', action: 'start', at: hoursAgo(20) }],
    },
    {
      type: hrRequest, by: 'alice', at: daysAgo(6), fields: { type: 'verification', description: 'Salary verification for a mortgage application.', deliverable_type: 'digital' },
      steps: [{ by: 'hana', action: 'fulfill', at: daysAgo(5), body: { deliverable_type: 'digital', deliverable_url: 'https://docs.example/hr/verification-alice.pdf' } }],
    },
    {
      type: hrRequest, by: 'bob', at: daysAgo(15), fields: { type: 'document', description: 'Signed copy of my updated employment contract.', deliverable_type: 'physical' },
      steps: [{ by: 'hana', action: 'start', at: daysAgo(14) }, { by: 'hana', action: 'fulfill', at: daysAgo(10), body: { deliverable_type: 'physical' } }],
    },
    {
      type: hrRequest, by: 'ivan', at: daysAgo(7), fields: { type: 'other', description: 'Confirmation of parental leave dates for my insurer.' },
      steps: [{ by: 'hana', action: 'reject', at: daysAgo(6), body: { reason: 'Insurers need the official leave form; please file a document request.' } }],
    },
    { type: hrRequest, by: 'tara', at: hoursAgo(20), fields: { type: 'employment_letter', description: 'Employment letter for a visa application.', deliverable_type: 'physical' } },
    // Equipment: manager approval, then IT orders, ships, delivers.
    { type: equipment, by: 'alice', at: hoursAgo(4), fields: { equipment_type: 'monitor', specification: '27" 4K USB-C monitor with a height-adjustable stand.', cost: 420 } },
    { type: equipment, by: 'alice', at: hoursAgo(44), fields: { equipment_type: 'laptop', specification: '14" laptop, 32 GB RAM, 1 TB SSD, for the data team.', cost: 2400 }, steps: [bobApproves(hoursAgo(40))] },
    {
      type: equipment, by: 'alice', at: hoursAgo(60), fields: { equipment_type: 'headset', specification: 'Noise-cancelling USB headset for calls.', cost: 180 },
      steps: [bobApproves(hoursAgo(55)), { by: 'ivan', action: 'provision', at: hoursAgo(30), body: { stage: 'ordered' } }],
    },
    {
      type: equipment, by: 'alice', at: daysAgo(14), fields: { equipment_type: 'keyboard', specification: 'Ergonomic split keyboard, US layout.', cost: 150 },
      steps: [
        bobApproves(hoursAgo(14 * 24 - 5)),
        { by: 'ivan', action: 'provision', at: daysAgo(13) },
        { by: 'ivan', action: 'provision', at: daysAgo(11), body: { tracking_number: '1Z 999 AA1 01 2345 6784' } },
        { by: 'ivan', action: 'provision', at: daysAgo(9), body: { asset_tag: 'ACME-KB-0412' } },
      ],
    },
    {
      type: equipment, by: 'bob', at: daysAgo(60), fields: { equipment_type: 'phone', specification: 'Company phone for on-call duty.', cost: 800 },
      steps: [
        { by: 'ada', action: 'approve', at: hoursAgo(60 * 24 - 6) },
        { by: 'ivan', action: 'provision', at: daysAgo(59) },
        { by: 'ivan', action: 'provision', at: daysAgo(57) },
        { by: 'ivan', action: 'provision', at: daysAgo(56), body: { asset_tag: 'ACME-PH-0077' } },
        { by: 'ivan', action: 'return', at: daysAgo(5), body: { comment: 'Handed back after the on-call rotation ended.' } },
      ],
    },
    {
      type: equipment, by: 'alice', at: daysAgo(8), fields: { equipment_type: 'tablet', specification: 'Tablet for sketching wireframes.', cost: 1100 },
      steps: [{ by: 'bob', action: 'reject', at: hoursAgo(8 * 24 - 6), body: { comment: 'Not in this quarter\u2019s budget.' } }],
    },
    // Travel: manager approval (and admin above the threshold), then the travel desk books.
    { type: travel, by: 'alice', at: hoursAgo(6), fields: { purpose: 'Customer onboarding workshop', destination: 'Berlin', departure_at: dayAt(12), return_at: dayAt(14, 18), estimated_cost: 1400 } },
    {
      type: travel, by: 'alice', at: hoursAgo(30), fields: { purpose: 'Annual engineering conference', destination: 'San Francisco', departure_at: dayAt(30), return_at: dayAt(35, 18), estimated_cost: 4200 },
      steps: [bobApproves(hoursAgo(26))],
    },
    {
      type: travel, by: 'alice', at: daysAgo(5), fields: { purpose: 'Partner quarterly review', destination: 'London', departure_at: dayAt(20), return_at: dayAt(21, 18), estimated_cost: 900 },
      steps: [bobApproves(hoursAgo(5 * 24 - 4)), { by: 'tara', action: 'book', at: daysAgo(4), body: { estimated_cost: 950, carrier: 'British Airways', booking_reference: 'BA4K7Q', hotel: 'The Hoxton, Holborn' } }],
    },
    {
      type: travel, by: 'alice', at: daysAgo(35), fields: { purpose: 'Team offsite', destination: 'Lisbon', departure_at: dayAt(-20), return_at: dayAt(-17, 18), estimated_cost: 1200 },
      steps: [bobApproves(daysAgo(34)), { by: 'tara', action: 'book', at: daysAgo(33) }, { by: 'alice', action: 'complete', at: daysAgo(16), body: { actual_cost: 1130.5 } }],
    },
    {
      type: travel, by: 'bob', at: daysAgo(10), fields: { purpose: 'Hiring fair', destination: 'Amsterdam', departure_at: dayAt(8), return_at: dayAt(9, 18), estimated_cost: 700 },
      steps: [{ by: 'ada', action: 'approve', at: daysAgo(9) }, { by: 'bob', action: 'cancel', at: daysAgo(3), body: { reason: 'The fair moved online.' } }],
    },
    {
      type: travel, by: 'alice', at: daysAgo(11), fields: { purpose: 'Sales kickoff', destination: 'New York', departure_at: dayAt(40), return_at: dayAt(44, 18), estimated_cost: 5200 },
      steps: [{ by: 'bob', action: 'reject', at: daysAgo(10), body: { comment: 'Join remotely this year.' } }],
    },
    // Pending items that are neither approvals nor desk tasks.
    {
      type: pending, by: 'ada', at: daysAgo(2),
      fields: { type: 'review', source_id: 'quarterly-access-review', title: 'Quarterly access review', description: 'Review who holds admin rights in every system.', assignee_role: 'it', priority: 2, due_at: dayAt(5) },
    },
    {
      type: pending, by: 'ada', at: daysAgo(3),
      fields: { type: 'review', source_id: 'travel-policy-2027', title: 'Travel policy update', description: 'Check the 2027 per-diem rates before publishing.', assignee_id: people.tara.id, priority: 3, due_at: dayAt(10) },
      steps: [{ by: 'tara', action: 'update', at: daysAgo(1), body: { status: 'processing' } }],
    },
  ];
}
