/**
 * The typed shape of the database, as Kysely sees it. Kept by hand beside the migrations
 * (db/migrations/): a column added there is added here in the same commit.
 *
 * Timestamps come back as ISO 8601 strings (see the type parsers in db/client.ts) and are written as
 * strings or Dates. Money columns are numeric in SQL and numbers here.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<string, string | Date, string | Date>;
type TimestampWithDefault = ColumnType<string, string | Date | undefined, string | Date>;
type Json = ColumnType<Record<string, unknown>, string | Record<string, unknown>, string | Record<string, unknown>>;

export const ROLES = ['employee', 'manager', 'hr', 'it', 'travel', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SOURCE_TYPES = ['frontend', 'backend', 'server', 'system', 'api'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  travel_approval_threshold: ColumnType<number, number | undefined, number>;
  /** ISO 4217 code every amount of the tenant is shown in (admins set it in Settings). */
  currency: ColumnType<string, string | undefined, string>;
  created_at: TimestampWithDefault;
}

export interface PeopleTable {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  roles: ColumnType<Role[], Role[], Role[]>;
  manager_id: string | null;
  password_hash: string | null;
  /** Job title, e.g. "Staff engineer" (engine.md §3a). */
  title: ColumnType<string | null, string | null | undefined, string | null>;
  /** First working day, an ISO date (YYYY-MM-DD). */
  started_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** False once deactivated (offboarding, lib/people/offboarding.ts): no sign-in by any path. */
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** When and by whom the person was deactivated (null while active). */
  deactivated_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  deactivated_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The identity provider's id for the person (SCIM externalId). */
  scim_external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The identity provider's SCIM userName when it is not the person's email (null when it is). */
  scim_user_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The person's own BCP 47 locale (engine.md §8), null until chosen or taken from their browser. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  /** The person's own IANA time zone, null until chosen or taken from their browser. */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

/** An approver group a tenant defines (Finance, Legal…), named in approval policies (engine.md §1). */
export interface GroupsTable {
  tenant_id: string;
  /** `grp_…` */
  id: string;
  /** Unique per tenant, case-insensitively. */
  name: string;
  description: string | null;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  person_id: string;
}

/** The systems catalogue an access request's `system_id` names (engine.md §3a). */
export interface SystemsTable {
  tenant_id: string;
  /** A slug chosen by the admin, e.g. `github` (^[a-z0-9][a-z0-9-_]{0,62}$). */
  id: string;
  name: string;
  /** People who own the system; a policy's `system_owner` step goes to them. */
  owner_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** The access levels a request may ask for; empty means any. */
  entitlements: ColumnType<string[], string[] | undefined, string[]>;
  /** The longest grant in days (an access request's expires_at); null means no limit. */
  max_days: number | null;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

/** Global directory from a sign-in email to the one tenant and person it belongs to. */
export interface LoginEmailsTable {
  email: string;
  tenant_id: string;
  person_id: string;
}

export interface ApplicationsTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string | null;
  created_by: string;
  created_at: TimestampWithDefault;
  revoked_at: Timestamp | null;
}

export interface IntegrationKeysTable {
  tenant_id: string;
  /** The key's `jti` claim. */
  id: string;
  app_id: string;
  person_id: string;
  roles: ColumnType<Role[], Role[], Role[]>;
  label: string;
  created_by: string;
  created_at: TimestampWithDefault;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** A browser session or a personal API token: the JWT's `sid` / `jti` names the row. */
export interface AuthSessionsTable {
  tenant_id: string;
  id: string;
  person_id: string;
  kind: 'session' | 'token';
  /** The browser's user agent for a session; what the token request said about itself for a token. */
  label: ColumnType<string, string | undefined, string>;
  created_at: TimestampWithDefault;
  expires_at: Timestamp;
  /** Written at most once a minute, not on every request. */
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Columns every operations record carries (the reference's common fields). */
export interface RecordBase {
  tenant_id: string;
  id: string;
  app_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  source: string;
  source_type: SourceType;
  is_deleted: Generated<boolean>;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
  schema_version: Generated<number>;
  tags: Json;
  /** Lower-cased concatenation of the type's text fields, generated by PostgreSQL, trigram-indexed. */
  search_text: ColumnType<string, never, never>;
}

export interface AccessRequestsTable extends RecordBase {
  requester_id: string;
  system_id: string;
  access_type: 'new' | 'modify' | 'revoke';
  status: 'pending' | 'approved' | 'rejected' | 'provisioned' | 'completed';
  justification: string;
  approver_id: string | null;
  approved_at: Timestamp | null;
  provisioned_at: Timestamp | null;
  asset_id: string | null;
  principal_id: string | null;
  principal_type: 'person' | 'group' | null;
  entitlement_type: string | null;
  granted_at: Timestamp | null;
  granted_by_id: string | null;
  expires_at: Timestamp | null;
}

export interface HrRequestsTable extends RecordBase {
  requester_id: string;
  type: 'employment_letter' | 'certificate' | 'verification' | 'document' | 'other';
  status: 'pending' | 'in_progress' | 'completed' | 'rejected';
  description: string;
  deliverable_type: 'digital' | 'physical' | null;
  deliverable_url: string | null;
  fulfilled_by: string | null;
  fulfilled_at: Timestamp | null;
}

export interface PendingItemsTable extends RecordBase {
  type: string;
  source_id: string;
  status: 'queued' | 'processing' | 'blocked' | 'completed';
  priority: number | null;
  assignee_id: string | null;
  assignee_role: Role | null;
  due_at: Timestamp | null;
  title: string | null;
  entity_type: string | null;
  entity_id: string | null;
  requested_by_id: string | null;
  description: string | null;
  current_step_index: number | null;
  total_steps: number | null;
  completed_at: Timestamp | null;
  /** Set only by the approvals engine: the item is one of its approvals or desk tasks. */
  engine: ColumnType<boolean, boolean | undefined, boolean>;
  blocked_reason: string | null;
  /** The approval policy version the chain started with. */
  policy_version: number | null;
  /** The people the current step waits on by name (null for a role step). */
  candidate_ids: string[] | null;
  /** The approver who asked the requester a question; the item waits blocked until they answer. */
  info_requested_by: string | null;
  /** SLA (engine.md §4): since when the current step or task is held (its clock's start). */
  sla_started_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  /** When the 50 % reminder is due (moves with due_at after a pause). */
  remind_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  /** Set while the clock is paused (an answer from the requester is awaited). */
  sla_paused_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  /** One clock per step or task opening; reminders are sent once per cycle. */
  sla_cycle: ColumnType<number, number | undefined, number>;
  /** How an approval item ended (its final decision); null while open and for other items. */
  outcome: ColumnType<'approved' | 'rejected' | null, 'approved' | 'rejected' | null | undefined, 'approved' | 'rejected' | null>;
}

export interface EquipmentRequestsTable extends RecordBase {
  requester_id: string;
  equipment_type: string;
  specification: string;
  status: 'requested' | 'approved' | 'rejected' | 'ordered' | 'shipped' | 'delivered' | 'returned';
  approver_id: string | null;
  ordered_at: Timestamp | null;
  delivered_at: Timestamp | null;
  cost: number | null;
  /** Fulfilment (0016): the courier's tracking number and the company's asset tag. */
  tracking_number: string | null;
  asset_tag: string | null;
}

export interface TravelRequestsTable extends RecordBase {
  requester_id: string;
  purpose: string;
  destination: string;
  departure_at: Timestamp;
  return_at: Timestamp;
  status: 'requested' | 'approved' | 'rejected' | 'booked' | 'completed' | 'cancelled';
  approver_id: string | null;
  booked_at: Timestamp | null;
  estimated_cost: number | null;
  actual_cost: number | null;
  /** Fulfilment (0016): the booking the travel desk made. */
  carrier: string | null;
  booking_reference: string | null;
  hotel: string | null;
  itinerary_note: string | null;
}

/** One step of an approval chain, and the decision taken on it. */
export interface ApprovalStepsTable {
  tenant_id: string;
  pending_id: string;
  step_index: number;
  entity_type: string;
  entity_id: string;
  assignee_id: string | null;
  assignee_role: Role | null;
  decision: 'approved' | 'rejected' | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  comment: string | null;
  created_at: TimestampWithDefault;
  /** The policy step it came from ({"kind": "manager", "level": 1}, …). */
  approver: Json | null;
  min_approvals: ColumnType<number, number | undefined, number>;
  /** The people the step was resolved to at filing; null for a role step. */
  eligible_ids: string[] | null;
}

export interface ApprovalPoliciesTable {
  tenant_id: string;
  resource: string;
  version: number;
  steps: ColumnType<unknown[], string, string>;
  created_by: string | null;
  created_at: TimestampWithDefault;
}

export interface DelegationsTable {
  tenant_id: string;
  id: string;
  delegator_id: string;
  delegate_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string;
  created_at: TimestampWithDefault;
  ended_at: Timestamp | null;
}

export interface ApprovalDecisionsTable {
  tenant_id: string;
  id: string;
  pending_id: string;
  entity_type: string;
  entity_id: string;
  step_index: number;
  decision: 'approve' | 'reject';
  decided_by: string;
  on_behalf_of: string | null;
  comment: string | null;
  override: ColumnType<boolean, boolean | undefined, boolean>;
  voided: ColumnType<boolean, boolean | undefined, boolean>;
  decided_at: Timestamp;
}

export interface AuditEventsTable {
  tenant_id: string;
  id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: string | null;
  app_id: string | null;
  source_type: string;
  changes: Json;
  comment: string | null;
  created_at: Timestamp;
}

export interface CommentsTable {
  tenant_id: string;
  id: string;
  entity_type: string;
  entity_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  /** Whose key it is: the person, and the app for integration keys. */
  principal: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: ColumnType<unknown, string, string>;
  response_headers: ColumnType<Record<string, string>, string, string>;
  created_at: TimestampWithDefault;
}

export interface SecurityEventsTable {
  tenant_id: string;
  id: string;
  kind: string;
  actor_id: string | null;
  subject_id: string | null;
  ip: string | null;
  detail: Json;
  created_at: TimestampWithDefault;
}

/** A failed (or in-flight) sign-in attempt, for the throttle (lib/security/throttle.ts); not tenant data. */
export interface SignInFailuresTable {
  id: string;
  /** A keyed hash of the normalised email, never the email itself. */
  account_key: string;
  address: string;
  created_at: TimestampWithDefault;
}

/** The in-app feed (engine.md §5): one row per recipient and event; superseded once another approver decided. */
export const NOTIFICATION_KINDS = [
  'step_assigned', 'decided', 'fulfilled', 'task_opened', 'comment', 'mention', 'reminder', 'overdue', 'escalation', 'expiring', 'info_requested',
  'webhook_disabled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationsTable {
  tenant_id: string;
  /** `ntf_…` */
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  entity_type: string | null;
  entity_id: string | null;
  /** The approval item and step a step_assigned notification is about (superseded when the step is decided). */
  pending_id: string | null;
  step_index: number | null;
  actor_id: string | null;
  /** A delegate's copy: the person they stand in for. */
  on_behalf_of: string | null;
  read_at: Timestamp | null;
  superseded_at: Timestamp | null;
  superseded_note: string | null;
  emailed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotificationPreferencesTable {
  tenant_id: string;
  person_id: string;
  /** Email per kind: `{"comment": false}`; a kind left out is on. */
  email: Json;
  /** One daily digest instead of an email per event. */
  digest: ColumnType<boolean, boolean | undefined, boolean>;
  /** The end of the period the last digest covered. */
  digest_through: Timestamp | null;
  updated_at: TimestampWithDefault;
}

export interface EmailMessagesTable {
  tenant_id: string;
  /** `eml_…` */
  id: string;
  recipient_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  kind: 'notification' | 'digest' | 'invitation' | 'password_reset';
  /** queued → sent (SMTP) or outbox (no SMTP configured); failed after the job's last attempt. */
  status: ColumnType<'queued' | 'sent' | 'outbox' | 'failed', 'queued' | 'sent' | 'outbox' | 'failed' | undefined, 'queued' | 'sent' | 'outbox' | 'failed'>;
  error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** Approve/reject links in approvers' email (lib/notifications/email-links.ts, migration 0011). */
export interface EmailActionLinksTable {
  tenant_id: string;
  /** `eal_…` */
  id: string;
  /** The approver the email went to: only they may use it. */
  person_id: string;
  pending_id: string;
  step_index: number;
  /** How many times an edit had restarted the chain when the email was written (a restart makes it stale). */
  generation: number;
  email_message_id: string | null;
  /** SHA-256 (base64url) of the tokens, set when the message is sent; the tokens themselves are never stored. */
  approve_hash: string | null;
  reject_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_decision: 'approve' | 'reject' | null;
}

/** Confirmations of email links per client address (the rate limit; no tenant). */
export interface EmailLinkAttemptsTable {
  id: string;
  address: string;
  created_at: Timestamp;
}

/** HR documents (lib/documents, migration 0013). */
export const HR_DOCUMENT_TYPES = ['employment_letter', 'certificate', 'verification', 'document', 'other'] as const;
export type HrDocumentType = (typeof HR_DOCUMENT_TYPES)[number];

/** One saved version of a tenant's document template for an HR request type; the newest is in use. */
export interface DocumentTemplatesTable {
  tenant_id: string;
  type: HrDocumentType;
  version: number;
  title: string;
  body: string;
  /** BCP 47 language tag of the text (`en`, `de`, …): dates on the document are written in it. */
  language: string;
  /** The named signatory; null means whoever generates the document signs it. */
  signer_id: string | null;
  signer_title: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** The tenant's letterhead: postal address and logo (the name is the tenant's). */
export interface DocumentLetterheadsTable {
  tenant_id: string;
  address: ColumnType<string, string | undefined, string>;
  logo: Uint8Array | null;
  logo_type: 'image/png' | 'image/jpeg' | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DocumentsTable {
  tenant_id: string;
  /** `doc_…` */
  id: string;
  hr_request_id: string;
  person_id: string;
  /** The person's and the issuer's names as printed (what verification answers, whatever changes later). */
  person_name: string;
  issuer_name: string;
  document_type: HrDocumentType;
  /** The template version it was made from (0: the built-in default). */
  template_version: number;
  language: string;
  title: string;
  verification_code: string;
  storage: 'database' | 's3';
  storage_key: string;
  byte_size: number;
  sha256: string;
  signer_name: string;
  signer_title: string | null;
  issued_by: string;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** PDF bytes when the database is the document store. */
export interface DocumentFilesTable {
  tenant_id: string;
  key: string;
  content: Uint8Array;
  content_type: string;
  created_at: Timestamp;
}

/** Public verification lookups per client address, for the rate limit (not tenant data). */
export interface VerificationLookupsTable {
  id: string;
  address: string;
  created_at: Timestamp;
}

/** A tenant's SLA settings (engine.md §4): one row, the whole object as PUT; none means the defaults. */
export interface SlaSettingsTable {
  tenant_id: string;
  settings: Json;
  updated_by: string | null;
  updated_at: TimestampWithDefault;
}

/** Sent once and never again (a reminder of one SLA cycle, an expiry warning, a revocation): the key is the guarantee. */
export interface TimeNoticesTable {
  tenant_id: string;
  subject_id: string;
  notice: string;
  sent_at: Timestamp;
}

/** What deactivating a person did (lib/people/offboarding.ts): the checklist's done half. */
export interface OffboardingsTable {
  tenant_id: string;
  person_id: string;
  started_at: Timestamp;
  started_by: string | null;
  summary: Json;
}

/** A single-use link sent by email: an invitation (7 days) or a password reset (1 hour); the token only as a hash. */
export interface PersonLinksTable {
  tenant_id: string;
  /** `lnk_…` */
  id: string;
  person_id: string;
  kind: 'invitation' | 'password_reset';
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Per tenant: the just-in-time SSO domain and the SCIM token (hashed), lib/people/settings.ts. */
export interface PeopleSettingsTable {
  tenant_id: string;
  jit_domain: string | null;
  scim_token_hash: string | null;
  scim_token_created_at: Timestamp | null;
  scim_token_created_by: string | null;
  scim_token_last_used_at: Timestamp | null;
  updated_at: TimestampWithDefault;
}

/** The job queue (lib/jobs/runner.ts, migration 0009). */
export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobsTable {
  tenant_id: string;
  /** `job_…` */
  id: string;
  name: string;
  data: Json;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  run_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  singleton_key: string | null;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  /** The claim's token while running (fences a late finish after the lease moved on). */
  locked_by: ColumnType<string | null, string | null | undefined, string | null>;
  locked_until: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
  finished_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
}

/** Webhook endpoints and their delivery log (lib/webhooks, migration 0014). */
export interface WebhookEndpointsTable {
  tenant_id: string;
  /** `whk_…` */
  id: string;
  /** The integration whose key added it: it receives only that app's records; null for an admin's. */
  app_id: string | null;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  events: string[];
  /** `whsec_…`, shown once on creation. */
  secret: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_reason: string | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export interface WebhookDeliveriesTable {
  tenant_id: string;
  /** `msg_…`: also the `webhook-id` header, the same on every retry. */
  id: string;
  endpoint_id: string;
  event_type: string;
  payload: Json;
  status: ColumnType<(typeof WEBHOOK_DELIVERY_STATUSES)[number], (typeof WEBHOOK_DELIVERY_STATUSES)[number] | undefined, (typeof WEBHOOK_DELIVERY_STATUSES)[number]>;
  response_status: number | null;
  response_excerpt: string | null;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  duration_ms: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  tenants: TenantsTable;
  people: PeopleTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  systems: SystemsTable;
  login_emails: LoginEmailsTable;
  applications: ApplicationsTable;
  integration_keys: IntegrationKeysTable;
  auth_sessions: AuthSessionsTable;
  access_requests: AccessRequestsTable;
  hr_requests: HrRequestsTable;
  pending_items: PendingItemsTable;
  equipment_requests: EquipmentRequestsTable;
  travel_requests: TravelRequestsTable;
  approval_steps: ApprovalStepsTable;
  approval_decisions: ApprovalDecisionsTable;
  approval_policies: ApprovalPoliciesTable;
  delegations: DelegationsTable;
  audit_events: AuditEventsTable;
  comments: CommentsTable;
  idempotency_keys: IdempotencyKeysTable;
  security_events: SecurityEventsTable;
  sign_in_failures: SignInFailuresTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  email_messages: EmailMessagesTable;
  email_action_links: EmailActionLinksTable;
  email_link_attempts: EmailLinkAttemptsTable;
  sla_settings: SlaSettingsTable;
  time_notices: TimeNoticesTable;
  document_templates: DocumentTemplatesTable;
  document_letterheads: DocumentLetterheadsTable;
  documents: DocumentsTable;
  document_files: DocumentFilesTable;
  verification_lookups: VerificationLookupsTable;
  offboardings: OffboardingsTable;
  person_links: PersonLinksTable;
  people_settings: PeopleSettingsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type RecordTableName =
  | 'access_requests'
  | 'hr_requests'
  | 'pending_items'
  | 'equipment_requests'
  | 'travel_requests';

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Tenant = Selectable<TenantsTable>;
