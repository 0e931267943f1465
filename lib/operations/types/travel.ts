import { z } from 'zod';
import { text } from '@/lib/format';
import { defineRecordType } from '../define';
import { codeText, commentText, isoDateTime, longText, money, ref, shortText } from '../fields';

const STATUSES = ['requested', 'approved', 'rejected', 'booked', 'completed', 'cancelled'] as const;
const comment = z.object({ comment: commentText().optional() });

export const travel = defineRecordType({
  name: 'Travel',
  resource: 'travel',
  table: 'travel_requests',
  prefix: 'trv',
  sdkName: 'travel',
  singular: 'Travel request',
  plural: 'Travel',
  description: 'A business travel request.',
  deskRoles: ['travel'],
  statuses: STATUSES,
  statusHelp: 'Travel request lifecycle status (rejected is an extension).',
  initialStatus: 'requested',
  requesterField: 'requester_id',
  fields: {
    requester_id: { schema: ref(), required: true, label: 'Traveller', help: 'User ID of the person traveling.', input: 'person' },
    purpose: { schema: longText(2000), required: true, label: 'Purpose', help: 'Business purpose of the travel.', input: 'textarea', onForm: true },
    destination: { schema: shortText(200), required: true, label: 'Destination', help: 'Travel destination.', input: 'text', onForm: true },
    departure_at: { schema: isoDateTime(), required: true, label: 'Departure', help: 'Departure date and time.', input: 'datetime', onForm: true },
    return_at: { schema: isoDateTime(), required: true, label: 'Return', help: 'Return date and time.', input: 'datetime', onForm: true },
    estimated_cost: { schema: money(), label: 'Estimated cost', help: 'Estimated total cost (flights, hotel, meals).', input: 'money', onForm: true },
    actual_cost: { schema: money(), label: 'Actual cost', help: 'Actual total cost after travel.', input: 'money' },
  },
  stamps: {
    approver_id: { schema: z.string(), label: 'Approver', help: 'User ID of the approver.', input: 'person' },
    booked_at: { schema: z.string(), label: 'Booked at', help: 'When booked.', input: 'datetime' },
  },
  fulfilment: {
    carrier: { schema: shortText(100), label: 'Carrier', help: 'The airline, railway or other carrier of the booking (extension).', input: 'text', setBy: ['book'] },
    booking_reference: { schema: codeText(40), label: 'Booking reference', help: 'The booking reference (PNR) the traveller shows at check-in (extension).', input: 'text', setBy: ['book'] },
    hotel: { schema: shortText(200), label: 'Hotel', help: 'Where the traveller stays (extension).', input: 'text', setBy: ['book'] },
    itinerary_note: { schema: longText(2000), label: 'Itinerary note', help: 'Flights, times and anything else the traveller needs to know (extension).', input: 'textarea', setBy: ['book'] },
  },
  fulfilmentShows: ['booked_at', 'estimated_cost', 'actual_cost'],
  actions: {
    reject: {
      label: 'Reject', description: 'Reject the request at the current approval step.', tone: 'danger',
      from: ['requested'], to: 'rejected', who: ['approver', 'admin'], body: comment, decision: 'reject',
    },
    book: {
      label: 'Book', description: 'Book the approved trip; may record the estimated cost.', tone: 'primary',
      from: ['approved'], to: 'booked', who: ['travel', 'admin'],
      body: z.object({ estimated_cost: money().optional(), comment: commentText().optional() }),
      stamps: ({ body, now }) => ({
        ...(body.estimated_cost !== undefined ? { estimated_cost: body.estimated_cost } : {}),
        booked_at: now,
      }),
    },
    complete: {
      label: 'Complete trip', description: 'Close the trip after travel, with its actual cost.', tone: 'primary',
      notYet: (r, now, format) =>
        typeof r.departure_at === 'string' && new Date(r.departure_at) > now
          ? `The trip has not started yet: complete it once it is under way (it departs ${format.date(r.departure_at)}).`
          : null,
      from: ['booked'], to: 'completed', who: ['requester', 'travel', 'admin'],
      body: z.object({ actual_cost: money().optional(), comment: commentText().optional() }),
      stamps: ({ body }) => (body.actual_cost !== undefined ? { actual_cost: body.actual_cost } : {}),
    },
    cancel: {
      label: 'Cancel trip', description: 'Call the trip off: the bookings are released and nothing more happens to it.', tone: 'danger',
      from: ['requested', 'approved', 'booked'], to: 'cancelled', who: ['requester', 'travel', 'admin'],
      body: z.object({ reason: commentText().optional(), comment: commentText().optional() }),
    },
  },
  searchFields: ['purpose', 'destination'],
  filters: {
    status: z.enum(STATUSES),
    destination: ref(),
    requester_id: ref(),
    approver_id: ref(),
    created_by: ref(),
  },
  ranges: { created: 'created_at', departure: 'departure_at' },
  sorts: ['created_at', 'updated_at', 'departure_at'],
  validate: (r) =>
    typeof r.departure_at === 'string' && typeof r.return_at === 'string' && new Date(r.return_at) <= new Date(r.departure_at)
      ? [{ path: 'return_at', message: 'Must be after the departure' }]
      : [],
  summaryField: 'purpose',
  // A trip that leaves within three days is urgent; within two weeks, soon.
  priority: (r, now) => {
    if (typeof r.departure_at !== 'string') return 3;
    const days = (new Date(r.departure_at).getTime() - now.getTime()) / (24 * 60 * 60 * 1000);
    return days < 3 ? 1 : days < 14 ? 2 : 3;
  },
  title: (r) => `Trip to ${r.destination}`,
  approvals: {
    extraSteps: (r, tenant) =>
      typeof r.estimated_cost === 'number' && r.estimated_cost > tenant.travel_approval_threshold ? [{ assigneeRole: 'admin' }] : [],
    conditionFields: ['estimated_cost'],
    approvedStatus: 'approved',
  },
  deskTask: { role: 'travel', openOn: 'approved', closeOn: ['book'] },
  inbox: {
    keyFields: (r, format) => [
      { label: 'Destination', value: text(r.destination) },
      { label: 'Dates', value: `${format.date(r.departure_at as string)} – ${format.date(r.return_at as string)}` },
      { label: 'Estimated cost', value: r.estimated_cost == null ? null : format.money(Number(r.estimated_cost)) },
    ],
    quickActions: [{ action: 'book', label: 'Book' }],
  },
});
