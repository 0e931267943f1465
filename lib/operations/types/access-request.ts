import { z } from 'zod';
import { checkAccessRequestAgainstCatalogue } from '@/lib/directory/catalogue';
import { accessEnded } from '@/lib/expiry/ended';
import { humanize, text } from '@/lib/format';
import { defineRecordType } from '../define';
import { commentText, isoDateTime, longText, ref, shortText } from '../fields';

const ACCESS_TYPES = ['new', 'modify', 'revoke'] as const;
const PRINCIPAL_TYPES = ['person', 'group'] as const;

const provisionBody = z.object({
  entitlement_type: shortText().optional(),
  asset_id: ref().optional(),
  principal_id: ref().optional(),
  principal_type: z.enum(PRINCIPAL_TYPES).optional(),
  expires_at: isoDateTime().optional(),
  comment: commentText().optional(),
});

const comment = z.object({ comment: commentText().optional() });

/** `extend` (engine.md §4): the new end of a provisioned grant and why; an approval by the policy's first step. */
const extendBody = z.object({
  expires_at: isoDateTime(),
  reason: commentText().min(1, 'Say why the access is still needed'),
});

const DECIDED = new Set(['provisioned', 'completed']);

export const accessRequest = defineRecordType({
  name: 'AccessRequest',
  resource: 'access-requests',
  table: 'access_requests',
  prefix: 'acr',
  sdkName: 'accessRequests',
  singular: 'Access request',
  plural: 'Access requests',
  description: 'A request to grant, modify, or revoke system access.',
  deskRoles: ['it'],
  statuses: ['pending', 'approved', 'rejected', 'provisioned', 'completed'],
  statusHelp: 'Request lifecycle status.',
  initialStatus: 'pending',
  requesterField: 'requester_id',
  fields: {
    requester_id: { schema: ref(), required: true, label: 'Requester', help: 'User ID of the person requesting access.', input: 'person' },
    system_id: { schema: shortText(100), required: true, label: 'System', help: 'Target system identifier (e.g., github, aws, slack).', input: 'text', onForm: true },
    access_type: { schema: z.enum(ACCESS_TYPES), required: true, label: 'Access type', help: 'Type of access change requested.', input: 'select', onForm: true },
    justification: { schema: longText(), required: true, label: 'Justification', help: 'Business justification for the access request.', input: 'textarea', onForm: true },
    entitlement_type: { schema: shortText(), label: 'Entitlement', help: 'The specific permission role or access level granted.', input: 'text', onForm: true },
    expires_at: { schema: isoDateTime(), label: 'Expires at', help: 'When this entitlement is scheduled to expire.', input: 'datetime', onForm: true },
    asset_id: { schema: ref(), label: 'Asset', help: 'ID of the TechnologyAsset to which this entitlement grants access.', input: 'text' },
    principal_id: { schema: ref(), label: 'Principal', help: 'ID of the Person or Group that holds this entitlement.', input: 'text' },
    principal_type: { schema: z.enum(PRINCIPAL_TYPES), label: 'Principal type', help: 'Whether principal_id refers to a Person or a Group.', input: 'select' },
  },
  stamps: {
    approver_id: { schema: z.string(), label: 'Approver', help: 'User ID of the approver.', input: 'person' },
    approved_at: { schema: z.string(), label: 'Approved at', help: 'When approved.', input: 'datetime' },
    provisioned_at: { schema: z.string(), label: 'Provisioned at', help: 'When access was provisioned.', input: 'datetime' },
    granted_at: { schema: z.string(), label: 'Granted at', help: 'When this entitlement was originally granted.', input: 'datetime' },
    granted_by_id: { schema: z.string(), label: 'Granted by', help: 'The Person who approved or provisioned this entitlement.', input: 'person' },
  },
  fulfilmentShows: ['entitlement_type', 'expires_at', 'granted_at', 'granted_by_id'],
  actions: {
    approve: {
      label: 'Approve', description: 'Approve the current step of the approval chain.', tone: 'primary',
      from: ['pending'], to: 'approved', who: ['approver', 'admin'], body: comment, decision: 'approve',
    },
    reject: {
      label: 'Reject', description: 'Reject the request at the current approval step.', tone: 'danger',
      from: ['pending'], to: 'rejected', who: ['approver', 'admin'], body: comment, decision: 'reject',
    },
    provision: {
      label: 'Provision', description: 'Grant the approved access; may set the entitlement details.', tone: 'primary',
      from: ['approved'], to: 'provisioned', who: ['it', 'admin'], body: provisionBody,
      stamps: ({ body, caller, now }) => {
        const { comment: _comment, ...details } = body;
        return { ...details, provisioned_at: now, granted_at: now, granted_by_id: caller.personId };
      },
    },
    complete: {
      label: 'Complete', description: 'Close the provisioned request.', tone: 'neutral',
      from: ['provisioned'], to: 'completed', who: ['it', 'admin'], body: comment,
    },
    extend: {
      label: 'Ask to extend', description: 'Ask for the access to last longer: the new end date goes to the first approver of the policy; the date moves once approved.', tone: 'neutral',
      from: ['provisioned'], to: 'provisioned', who: ['requester'], body: extendBody, engineCommand: 'extend',
      notYet: (r, now, format) =>
        accessEnded(r, now) ? `This access ended on ${format.date(String(r.expires_at))}: request it anew (a revocation is on its way to the IT desk).` : null,
    },
  },
  searchFields: ['system_id', 'justification', 'entitlement_type'],
  filters: {
    status: z.enum(['pending', 'approved', 'rejected', 'provisioned', 'completed']),
    access_type: z.enum(ACCESS_TYPES),
    principal_type: z.enum(PRINCIPAL_TYPES),
    requester_id: ref(),
    system_id: ref(),
    approver_id: ref(),
    asset_id: ref(),
    principal_id: ref(),
    created_by: ref(),
  },
  ranges: { created: 'created_at' },
  sorts: ['created_at', 'updated_at'],
  validate: (record) =>
    typeof record.expires_at === 'string' && record.__expires_at_changed && new Date(record.expires_at) <= new Date()
      ? [{ path: 'expires_at', message: 'Must be in the future' }]
      : [],
  validateWith: async (ctx, record, changed) => {
    // Once granted, the end date moves only through `extend` and its approval (admins may correct it).
    if (changed.includes('expires_at') && !changed.includes('status') && DECIDED.has(String(record.status)) && !ctx.caller.roles.includes('admin')) {
      return [{ path: 'expires_at', message: 'Once the access is granted, its end moves only by asking to extend it (an approval)' }];
    }
    return checkAccessRequestAgainstCatalogue(ctx, record, changed);
  },
  summaryField: 'justification',
  title: (r) => `${String(r.access_type ?? '').replace(/^./, (c) => c.toUpperCase())} access to ${r.system_id}`,
  approvals: { extraSteps: () => [{ assigneeRole: 'it' }], conditionFields: [], approvedStatus: 'approved' },
  inbox: {
    keyFields: (r, format) => [
      { label: 'System', value: text(r.system_id) },
      { label: 'Access', value: humanize(text(r.access_type)) },
      { label: 'Entitlement', value: text(r.entitlement_type) },
      { label: 'Expires', value: r.expires_at ? format.date(r.expires_at as string) : null },
    ],
    quickActions: [
      {
        action: 'provision',
        label: 'Provision',
        fields: (r, format) => [
          { name: 'entitlement_type', label: 'Entitlement granted', kind: 'text', defaultValue: (r.entitlement_type as string | null) ?? '' },
          {
            name: 'expires_at',
            label: 'Access expires',
            kind: 'datetime',
            help: r.expires_at
              ? `Leave empty to keep the requested expiry (${format.date(r.expires_at as string)}); at most the system’s longest grant.`
              : 'Leave empty for access with no end date; at most the system’s longest grant.',
          },
        ],
      },
    ],
  },
  deskTask: { role: 'it', openOn: 'approved', closeOn: ['provision'] },
});
