import { z } from 'zod';
import { humanize, text } from '@/lib/format';
import { defineRecordType } from '../define';
import { commentText, httpUrl, longText, ref } from '../fields';
import { completeFulfilBody } from '@/lib/documents/fulfil';

const HR_TYPES = ['employment_letter', 'certificate', 'verification', 'document', 'other'] as const;
const DELIVERABLE_TYPES = ['digital', 'physical'] as const;

// A digital deliverable needs its URL, unless a document was generated for the request (engine.md §7):
// then the newest valid document's URL is taken (lib/documents/fulfil.ts, in the action's transaction).
const fulfillBody = z.object({
  deliverable_type: z.enum(DELIVERABLE_TYPES),
  deliverable_url: httpUrl().optional(),
  comment: commentText().optional(),
});

export const hrRequest = defineRecordType({
  name: 'HRRequest',
  resource: 'hr-requests',
  table: 'hr_requests',
  prefix: 'hrr',
  sdkName: 'hrRequests',
  singular: 'HR request',
  plural: 'HR requests',
  description: 'A request for an HR document or service deliverable.',
  deskRoles: ['hr'],
  statuses: ['pending', 'in_progress', 'completed', 'rejected'],
  statusHelp: 'Request lifecycle status.',
  initialStatus: 'pending',
  requesterField: 'requester_id',
  fields: {
    requester_id: { schema: ref(), required: true, label: 'Requester', help: 'User ID of the person requesting the document/service.', input: 'person' },
    type: { schema: z.enum(HR_TYPES), required: true, label: 'Type', help: 'Type of HR request.', input: 'select', onForm: true },
    description: { schema: longText(), required: true, label: 'Description', help: 'Description of the request.', input: 'textarea', onForm: true },
    deliverable_type: { schema: z.enum(DELIVERABLE_TYPES), label: 'Deliverable', help: 'How the deliverable will be provided.', input: 'select', onForm: true },
    deliverable_url: { schema: httpUrl(), label: 'Deliverable URL', help: 'URL to the generated deliverable.', input: 'url' },
  },
  stamps: {
    fulfilled_by: { schema: z.string(), label: 'Fulfilled by', help: 'User ID of the HR person who fulfilled the request.', input: 'person' },
    fulfilled_at: { schema: z.string(), label: 'Fulfilled at', help: 'When fulfilled.', input: 'datetime' },
  },
  fulfilmentShows: ['deliverable_type', 'deliverable_url', 'fulfilled_at', 'fulfilled_by'],
  actions: {
    start: {
      label: 'Start', description: 'Take the request into work.', tone: 'primary',
      from: ['pending'], to: 'in_progress', who: ['hr'],
      body: z.object({ comment: commentText().optional() }),
    },
    fulfill: {
      label: 'Fulfil', description: 'Deliver the document or service; a digital deliverable needs its URL, or takes the generated document’s.', tone: 'primary',
      from: ['pending', 'in_progress'], to: 'completed', who: ['hr'], body: fulfillBody,
      completeBody: completeFulfilBody,
      stamps: ({ body, caller, now }) => ({
        deliverable_type: body.deliverable_type,
        deliverable_url: body.deliverable_url ?? null,
        fulfilled_by: caller.personId,
        fulfilled_at: now,
      }),
    },
    reject: {
      label: 'Reject', description: 'Decline the request, with a reason for the requester.', tone: 'danger',
      from: ['pending', 'in_progress'], to: 'rejected', who: ['hr'],
      body: z
        .object({ reason: commentText().optional(), comment: commentText().optional() })
        .refine((body) => !!(body.reason || body.comment), { path: ['reason'], message: 'A reason is required' }),
    },
  },
  searchFields: ['type', 'description'],
  filters: {
    status: z.enum(['pending', 'in_progress', 'completed', 'rejected']),
    type: z.enum(HR_TYPES),
    deliverable_type: z.enum(DELIVERABLE_TYPES),
    requester_id: ref(),
    fulfilled_by: ref(),
    created_by: ref(),
  },
  ranges: { created: 'created_at' },
  sorts: ['created_at', 'updated_at'],
  summaryField: 'description',
  title: (r) => `${String(r.type ?? 'HR request').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}`,
  // No approval by default (engine.md §1: HR may have a policy, empty unless an admin adds steps).
  approvals: { extraSteps: () => [], conditionFields: [], approvedStatus: null },
  deskTask: { role: 'hr', openOn: 'create', startOn: ['start'], closeOn: ['fulfill', 'reject'] },
  inbox: {
    keyFields: (r) => [
      { label: 'Type', value: humanize(text(r.type)) },
      { label: 'Deliverable', value: humanize(text(r.deliverable_type)) },
    ],
    quickActions: [
      { action: 'start', label: 'Start', tone: 'neutral' },
      // Generate the letter from the type's template, look at it, and fulfil with it (lib/documents).
      { action: 'fulfill', label: 'Generate document', tone: 'primary', opens: 'document' },
      {
        action: 'fulfill',
        label: 'Fulfil',
        tone: 'neutral',
        fields: (r) => [
          {
            name: 'deliverable_type',
            label: 'Deliverable',
            kind: 'select',
            required: true,
            defaultValue: (r.deliverable_type as string | null) ?? 'digital',
            options: [
              { value: 'digital', label: 'Digital (a link)' },
              { value: 'physical', label: 'Physical' },
            ],
          },
          // The inbox's short form fulfils with a link made elsewhere; "Generate document" fulfils with one made here.
          { name: 'deliverable_url', label: 'Link to the document', kind: 'url', required: true, showWhen: { field: 'deliverable_type', equals: 'digital' } },
        ],
      },
      { action: 'reject', label: 'Reject', tone: 'danger', fields: () => [{ name: 'reason', label: 'Reason for the requester', kind: 'textarea', required: true }] },
    ],
  },
});
