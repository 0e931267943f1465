import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { defineRecordType } from '../define';
import { commentText, isoDateTime, longText, ref, shortText } from '../fields';

const STATUSES = ['queued', 'processing', 'blocked', 'completed'] as const;
const decisionBody = z.object({ comment: commentText().optional() });
const questionBody = z.object({ comment: commentText().min(1, 'Write the question or the answer') });

/** One decision on an approval item's chain (engine.md §2), kept when an edit restarts the chain (voided). */
const decisionSchema = z.object({
  step_index: z.number().int(),
  decision: z.enum(['approve', 'reject']),
  decided_by: z.string(),
  on_behalf_of: z.string().nullable().meta({ description: 'The person a delegate decided for; null unless delegated.' }),
  comment: z.string().nullable(),
  decided_at: z.string().meta({ format: 'date-time' }),
  voided: z.boolean().meta({ description: 'True once an edit of the request restarted its chain.' }),
  override: z.boolean().meta({ description: 'True when an admin decided a step that was not theirs (extension).' }),
});

/** One step of an external approval (engine.md §6): a named person, or the holders of a role. */
const externalStep = z
  .strictObject({
    assignee_id: ref().optional().meta({ description: 'The person who decides this step.' }),
    assignee_role: z.enum(ROLES).exclude(['employee']).optional().meta({ description: 'The role whose holders decide this step (not employee).' }),
  })
  .refine((step) => (step.assignee_id ? 1 : 0) + (step.assignee_role ? 1 : 0) === 1, 'Give exactly one of assignee_id and assignee_role')
  .meta({ id: 'ExternalApprovalStep' });

export const pending = defineRecordType({
  name: 'Pending',
  resource: 'pending',
  table: 'pending_items',
  prefix: 'pnd',
  sdkName: 'pending',
  singular: 'Pending item',
  plural: 'Pending items',
  description: 'A generic pending item queued for processing or action: the approvals and desk tasks of the inbox.',
  deskRoles: [],
  statuses: STATUSES,
  statusHelp: 'Pending item status.',
  initialStatus: 'queued',
  requesterField: 'requested_by_id',
  statusMachine: {
    queued: ['processing', 'blocked', 'completed'],
    processing: ['blocked', 'completed'],
    blocked: ['processing', 'completed'],
    completed: [],
  },
  fields: {
    type: { schema: shortText(50), required: true, label: 'Type', help: 'Type of pending item (approval, task, review, etc.).', input: 'text', onForm: true },
    source_id: { schema: ref(), required: true, label: 'Source', help: 'ID of the source record (approval, task, etc.).', input: 'text', onForm: true },
    title: { schema: shortText(), label: 'Title', help: 'Human-readable title for the pending item.', input: 'text', onForm: true },
    description: { schema: longText(), label: 'Description', help: 'Optional longer description or justification.', input: 'textarea', onForm: true },
    priority: { schema: z.number().int('Must be a whole number').min(1, 'From 1 (highest)').max(5, 'To 5 (lowest)'), label: 'Priority', help: 'Priority level (1 = highest, 5 = lowest).', input: 'integer', onForm: true },
    due_at: { schema: isoDateTime(), label: 'Due', help: 'Due date and time.', input: 'datetime', onForm: true },
    assignee_id: { schema: ref(), label: 'Assignee', help: 'User ID of the person assigned to this item.', input: 'person', onForm: true },
    assignee_role: { schema: z.enum(ROLES), label: 'Assignee role', help: 'Role whose holders may act on this item (extension).', input: 'select', onForm: true },
    entity_type: { schema: shortText(50), label: 'Entity type', help: 'Entity type being approved (e.g. AccessRequest).', input: 'text' },
    entity_id: { schema: ref(), label: 'Entity', help: 'ID of the specific entity instance awaiting approval.', input: 'text' },
    requested_by_id: { schema: ref(), label: 'Requested by', help: 'The Person who initiated this approval request.', input: 'person' },
  },
  stamps: {
    current_step_index: { schema: z.number().int(), label: 'Current step', help: 'Zero-based index of the currently active approval step.', input: 'integer' },
    total_steps: { schema: z.number().int(), label: 'Steps', help: 'Total number of approval steps required before fully approved.', input: 'integer' },
    completed_at: { schema: z.string(), label: 'Completed at', help: 'When the item reached a terminal state.', input: 'datetime' },
    engine: { schema: z.boolean(), label: 'Made by the engine', help: 'True for the approvals and desk tasks the approvals engine made for an Opsdesk request: read-only except reassignment (extension).', input: 'text' },
    policy_version: { schema: z.number().int(), label: 'Policy version', help: 'The approval policy version this chain started with (engine-made approvals).', input: 'integer' },
    candidate_ids: { schema: z.array(z.string()), label: 'Waiting on', help: 'The people the current step waits on by name when several may decide it, e.g. a group (extension).', input: 'text' },
    info_requested_by: { schema: z.string(), label: 'Question from', help: 'The approver who asked the requester for information; the item is blocked until they answer (extension).', input: 'person' },
    sla_started_at: { schema: z.string(), label: 'Held since', help: 'When the current step or desk task opened: its SLA clock started then (engine-made items; extension).', input: 'datetime' },
    remind_at: { schema: z.string(), label: 'Reminder at', help: 'When the assignee is reminded (50 % of the SLA time); moves with due_at after a pause (extension).', input: 'datetime' },
    sla_paused_at: { schema: z.string(), label: 'Clock paused at', help: "Set while the SLA clock is paused because the requester's answer is awaited (extension).", input: 'datetime' },
    outcome: { schema: z.enum(['approved', 'rejected']), label: 'Outcome', help: "How an approval item ended: set by its final decision (null while open, and for other items).", input: 'text' },
    blocked_reason: { schema: z.string(), label: 'Blocked because', help: 'Why a blocked item waits, in words a person understands (extension).', input: 'text' },
  },
  actions: {
    approve: {
      label: 'Approve', description: 'Approve the current step of an approval item.', tone: 'primary',
      from: ['queued', 'processing'], to: 'completed', who: ['approver', 'admin'], body: decisionBody, decision: 'approve',
    },
    reject: {
      label: 'Reject', description: 'Reject an approval item, and so its record.', tone: 'danger',
      from: ['queued', 'processing'], to: 'completed', who: ['approver', 'admin'], body: decisionBody, decision: 'reject',
    },
    request_info: {
      label: 'Ask for information', description: 'The current approver asks the requester a question; the item waits (blocked) for the answer.', tone: 'neutral',
      from: ['queued', 'processing'], to: 'blocked', who: ['approver'], body: questionBody, engineCommand: 'request_info',
    },
    respond: {
      label: 'Answer', description: "The requester answers the approver's question; the item goes back to the same approver.", tone: 'primary',
      from: ['blocked'], to: 'queued', who: ['requester'], body: questionBody, engineCommand: 'respond',
    },
  },
  searchFields: ['type', 'title', 'description', 'entity_type'],
  filters: {
    status: z.enum(STATUSES),
    type: ref(),
    assignee_id: ref(),
    assignee_role: z.enum(ROLES),
    entity_type: ref(),
    entity_id: ref(),
    source_id: ref(),
    requested_by_id: ref(),
    priority: z.coerce.number().int().min(1).max(5),
    created_by: ref(),
  },
  ranges: { created: 'created_at', due: 'due_at' },
  sorts: ['created_at', 'updated_at', 'due_at', 'priority'],
  summaryField: 'description',
  createExtras: {
    steps: z
      .array(externalStep)
      .min(1, 'Give at least one step')
      .max(10, 'At most 10 steps')
      .meta({
        description:
          "An external approval's chain (engine.md §6; type 'approval', an integration key or admin): each step a person or a role, decided in order by the approvals engine. Cannot change after filing.",
      }),
  },
  extras: {
    decisions: z.array(decisionSchema).meta({ description: "Every decision on an approval item's chain, oldest first (empty for other items)." }),
  },
  title: (r) => String(r.title ?? r.type ?? 'Pending item'),
});
