import { z } from 'zod';
import { humanize, text } from '@/lib/format';
import { defineRecordType } from '../define';
import { codeText, commentText, longText, money, ref, shortText } from '../fields';

const STATUSES = ['requested', 'approved', 'rejected', 'ordered', 'shipped', 'delivered', 'returned'] as const;
/** Provisioning moves one stage per call. */
const NEXT_STAGE: Record<string, string> = { approved: 'ordered', ordered: 'shipped', shipped: 'delivered' };

const comment = z.object({ comment: commentText().optional() });

export const equipment = defineRecordType({
  name: 'Equipment',
  resource: 'equipment',
  table: 'equipment_requests',
  prefix: 'eqp',
  sdkName: 'equipment',
  singular: 'Equipment request',
  plural: 'Equipment',
  description: 'An equipment provisioning request.',
  deskRoles: ['it'],
  statuses: STATUSES,
  statusHelp: 'Equipment request lifecycle status (rejected is an extension).',
  initialStatus: 'requested',
  requesterField: 'requester_id',
  fields: {
    requester_id: { schema: ref(), required: true, label: 'Requester', help: 'User ID of the person requesting equipment.', input: 'person' },
    equipment_type: { schema: shortText(100), required: true, label: 'Equipment type', help: 'Type of equipment (laptop, monitor, phone, etc.).', input: 'text', onForm: true },
    specification: { schema: longText(), required: true, label: 'Specification', help: 'Detailed specification of the requested equipment.', input: 'textarea', onForm: true },
    cost: { schema: money(), label: 'Cost', help: 'Cost of the equipment.', input: 'money', onForm: true },
  },
  stamps: {
    approver_id: { schema: z.string(), label: 'Approver', help: 'User ID of the approver.', input: 'person' },
    ordered_at: { schema: z.string(), label: 'Ordered at', help: 'When ordered.', input: 'datetime' },
    delivered_at: { schema: z.string(), label: 'Delivered at', help: 'When delivered.', input: 'datetime' },
  },
  fulfilment: {
    tracking_number: {
      schema: codeText(40), label: 'Tracking number', help: 'The courier’s tracking number, recorded when it ships (extension).', input: 'text',
      setBy: ['provision:shipped', 'provision:delivered'],
    },
    asset_tag: { schema: codeText(40), label: 'Asset tag', help: 'The company’s asset tag on the device (extension).', input: 'text', setBy: ['provision'] },
  },
  fulfilmentShows: ['ordered_at', 'delivered_at', 'cost'],
  actions: {
    reject: {
      label: 'Reject', description: 'Reject the request at the current approval step.', tone: 'danger',
      from: ['requested'], to: 'rejected', who: ['approver', 'admin'], body: comment, decision: 'reject',
    },
    provision: {
      label: 'Advance', description: 'Move provisioning one stage on: ordered, then shipped, then delivered.', tone: 'primary',
      from: ['approved', 'ordered', 'shipped'], who: ['it', 'admin'],
      body: z.object({
        stage: z.enum(['ordered', 'shipped', 'delivered']).optional(),
        cost: money().optional(),
        comment: commentText().optional(),
      }),
      to: ({ record }) => NEXT_STAGE[record.status],
      guard: ({ record, body }) =>
        body.stage && body.stage !== NEXT_STAGE[record.status]
          ? `From ${record.status} the next stage is ${NEXT_STAGE[record.status]}, not ${String(body.stage)}.`
          : null,
      stamps: ({ record, body, now }) => {
        const stage = NEXT_STAGE[record.status];
        return {
          ...(body.cost !== undefined ? { cost: body.cost } : {}),
          ...(stage === 'ordered' ? { ordered_at: now } : {}),
          ...(stage === 'delivered' ? { delivered_at: now } : {}),
        };
      },
    },
    return: {
      label: 'Return', description: 'Record that the equipment came back.', tone: 'neutral',
      from: ['delivered'], to: 'returned', who: ['it', 'admin'], body: comment,
    },
  },
  searchFields: ['equipment_type', 'specification'],
  filters: {
    status: z.enum(STATUSES),
    equipment_type: ref(),
    requester_id: ref(),
    approver_id: ref(),
    created_by: ref(),
  },
  ranges: { created: 'created_at' },
  sorts: ['created_at', 'updated_at'],
  summaryField: 'specification',
  title: (r) => `${String(r.equipment_type ?? 'Equipment').replace(/^./, (c) => c.toUpperCase())}`,
  approvals: { extraSteps: () => [], conditionFields: [], approvedStatus: 'approved' },
  deskTask: { role: 'it', openOn: 'approved', startOn: ['provision'], closeOn: ['provision:delivered'] },
  inbox: {
    keyFields: (r, format) => [
      { label: 'Equipment', value: humanize(text(r.equipment_type)) },
      { label: 'Cost', value: r.cost == null ? null : format.money(Number(r.cost)) },
    ],
    quickActions: [{ action: 'provision', label: (next) => `Mark ${next}` }],
  },
});
