/**
 * The SDK's types, derived at the type level from the record type definitions (lib/operations/types):
 * records, create and update bodies, action bodies, list filters and sorts all come from the same zod
 * schemas the server validates with. Nothing here lists a field by hand.
 */
import type { z } from 'zod';
import type { groupCreateSchema, groupSchema, groupsQuerySchema, groupUpdateSchema } from '@/lib/directory/groups';
import type { peopleQuerySchema, personCreateSchema, personSchema, personUpdateSchema } from '@/lib/directory/people';
import type { systemCreateSchema, systemSchema, systemsQuerySchema, systemUpdateSchema } from '@/lib/directory/systems';
import type { accessRequest, equipment, hrRequest, pending, travel } from '@/lib/operations/registry';
import type { notificationSchema } from '@/lib/api/notifications';
import type { preferencesSchema } from '@/lib/notifications/preferences';
import type { peopleSettingsSchema, peopleSettingsUpdateSchema } from '@/lib/people/settings';
import type { policyBodySchema } from '@/lib/policies/policy';
import type { slaSettingsInput, slaSettingsSchema } from '@/lib/sla/schema';
import type { createEndpointSchema, deliverySchema, endpointSchema, updateEndpointSchema } from '@/lib/webhooks/endpoints';

/** SDK name → record type definition. */
export interface Definitions {
  accessRequests: typeof accessRequest;
  hrRequests: typeof hrRequest;
  pending: typeof pending;
  equipment: typeof equipment;
  travel: typeof travel;
}
export type ResourceName = keyof Definitions;

type Def = Definitions[ResourceName];

/** A record as the API returns it. */
export type RecordOf<D extends Def> = z.output<D['schemas']['record']>;
/** The body of a create. */
export type CreateBodyOf<D extends Def> = z.input<D['schemas']['create']>;
/** The body of an update (PATCH): any subset of the editable fields. */
export type UpdateBodyOf<D extends Def> = z.input<D['schemas']['update']>;
export type StatusOf<D extends Def> = z.output<D['schemas']['status']>;

export type ActionNameOf<D extends Def> = keyof D['actions'] & string;
export type ActionBodyOf<D extends Def, A extends ActionNameOf<D>> = D['actions'][A] extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : Record<string, never>;

type FilterValue<Z> = Z extends z.ZodType ? z.input<Z> : never;
/** List parameters: the type's equality filters (one value or a list meaning any of), ranges, sorts, paging. */
export type ListParamsOf<D extends Def> = {
  [K in keyof D['filters']]?: FilterValue<D['filters'][K]> | readonly FilterValue<D['filters'][K]>[];
} & {
  [K in keyof D['ranges'] as `${K & string}_from` | `${K & string}_to`]?: string | Date;
} & {
  /** `mine` (default): where I am requester or creator; `all`: everything I may see. */
  scope?: 'mine' | 'all';
  /** Case-insensitive search across the type's text fields. */
  q?: string;
  sort?: D['sorts'][number] | `-${D['sorts'][number]}`;
  /** 1–200, default 50. */
  limit?: number;
  /** `next_cursor` from the previous page. */
  cursor?: string | null;
  /** Admin only: include soft-deleted records. */
  include_deleted?: boolean;
};

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Me {
  person_id: string;
  tenant_id: string;
  roles: string[];
  app_id?: string;
  name: string;
  /** null for an integration key, which is its own principal. */
  email: string | null;
}

export interface TokenResponse {
  token: string;
  expires_at: string;
}

export interface RequestOptions {
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
export interface CreateOptions extends RequestOptions {
  /** Replays the first response for 24 h when the same key and body are sent again. */
  idempotencyKey?: string;
}
export interface WriteOptions extends RequestOptions {
  /** The ETag from a get: a stale tag answers 412 and changes nothing. */
  ifMatch?: string;
}
export interface ActionOptions extends WriteOptions {
  idempotencyKey?: string;
}

/** A body is optional when the action's schema requires nothing. */
type ActionArgs<B> = Record<string, never> extends B ? [body?: B, options?: ActionOptions] : [body: B, options?: ActionOptions];

export type ActionMethodsOf<D extends Def> = {
  [A in ActionNameOf<D>]: (id: string, ...args: ActionArgs<ActionBodyOf<D, A>>) => Promise<RecordOf<D>>;
};

export interface CrudMethods<D extends Def> {
  list(params?: ListParamsOf<D>, options?: RequestOptions): Promise<Page<RecordOf<D>>>;
  /** Every record over all pages (follows `next_cursor`). */
  iterate(params?: ListParamsOf<D>, options?: RequestOptions): AsyncGenerator<RecordOf<D>, void, undefined>;
  get(id: string, options?: RequestOptions): Promise<RecordOf<D>>;
  /** The record with its ETag, for a later `ifMatch`. */
  getWithEtag(id: string, options?: RequestOptions): Promise<{ record: RecordOf<D>; etag: string | null }>;
  create(body: CreateBodyOf<D>, options?: CreateOptions): Promise<RecordOf<D>>;
  update(id: string, body: UpdateBodyOf<D>, options?: WriteOptions): Promise<RecordOf<D>>;
  delete(id: string, options?: WriteOptions): Promise<void>;
}

export type ResourceClient<D extends Def> = CrudMethods<D> & ActionMethodsOf<D>;

export type OperationsClient = { [N in ResourceName]: ResourceClient<Definitions[N]> };

export type AccessRequest = RecordOf<Definitions['accessRequests']>;
export type HRRequest = RecordOf<Definitions['hrRequests']>;
export type PendingItem = RecordOf<Definitions['pending']>;
export type Equipment = RecordOf<Definitions['equipment']>;
export type Travel = RecordOf<Definitions['travel']>;

/*
 * The directory (engine.md §3a): people, approver groups and the systems catalogue, typed from the
 * schemas lib/directory validates with (type-only imports: no server code reaches the client).
 */

type DirectoryParams<Q extends z.ZodType> = { [K in keyof z.input<Q>]?: string | number | boolean | null };

export interface DirectoryMethods<T, C, U, Q> {
  /** One page, sorted by name (`next_cursor` for the next). */
  list(params?: Q, options?: RequestOptions): Promise<Page<T>>;
  /** Everything over all pages. */
  iterate(params?: Q, options?: RequestOptions): AsyncGenerator<T, void, undefined>;
  get(id: string, options?: RequestOptions): Promise<T>;
  getWithEtag(id: string, options?: RequestOptions): Promise<{ record: T; etag: string | null }>;
  /** Admins only. */
  create(body: C, options?: CreateOptions): Promise<T>;
  /** Admins only. */
  update(id: string, body: U, options?: WriteOptions): Promise<T>;
  /** Admins only. */
  delete(id: string, options?: WriteOptions): Promise<void>;
}

export type Person = z.output<typeof personSchema>;
export type Group = z.output<typeof groupSchema>;
export type CatalogueSystem = z.output<typeof systemSchema>;
/** People are never deleted through the API (deactivate them with `active: false`). */
export type PeopleClient = Omit<
  DirectoryMethods<Person, z.input<typeof personCreateSchema>, z.input<typeof personUpdateSchema>, DirectoryParams<typeof peopleQuerySchema>>,
  'delete'
>;
export type GroupsClient = DirectoryMethods<Group, z.input<typeof groupCreateSchema>, z.input<typeof groupUpdateSchema>, DirectoryParams<typeof groupsQuerySchema>>;
export type SystemsClient = DirectoryMethods<CatalogueSystem, z.input<typeof systemCreateSchema>, z.input<typeof systemUpdateSchema>, DirectoryParams<typeof systemsQuerySchema>>;

/* Engine.md's other endpoints. Where the server's schema exists it is imported as a type; the shapes of
 * endpoints other issues deliver (SLA settings, documents, search, preferences) follow the spec. */
export type Notification = z.output<typeof notificationSchema>;
export interface NotificationPage extends Page<Notification> {
  unread_count: number;
}
export type NotificationPreferences = z.input<typeof preferencesSchema>;
export interface Preferences {
  locale?: string;
  time_zone?: string;
}
export interface DelegationBody {
  delegate_id: string;
  ends_at: string;
  starts_at?: string;
}
export interface Delegation extends Record<string, unknown> {
  id: string;
  delegator_id: string;
  delegate_id: string;
  starts_at: string;
  ends_at: string;
}
export type PolicyResource = 'access-requests' | 'hr-requests' | 'equipment' | 'travel';
export interface ApprovalPolicy extends Record<string, unknown> {
  resource: PolicyResource;
  version: number;
  steps: z.input<typeof policyBodySchema>['steps'];
}
export type SlaSettings = z.output<typeof slaSettingsSchema>;
/** What PUT takes: a resource left out takes the default. */
export type SlaSettingsInput = z.input<typeof slaSettingsInput>;
export interface DocumentTemplate {
  type: string;
  title: string;
  body: string;
}
export interface IssuedDocument {
  id: string;
  url: string;
  verification_code: string;
  issued_at: string;
  status: 'valid' | 'revoked';
}
export interface DocumentVerification {
  issuer: string;
  document_type: string;
  person_name: string;
  issued_at: string;
  status: 'valid' | 'revoked';
}
export interface SearchHit extends Record<string, unknown> {
  id: string;
  type: string;
  title: string;
}
export type WebhookEndpoint = z.output<typeof endpointSchema>;
export type WebhookEndpointCreate = z.input<typeof createEndpointSchema>;
export type WebhookEndpointUpdate = z.input<typeof updateEndpointSchema>;
export type WebhookDelivery = z.output<typeof deliverySchema>;

/** The tenant's people settings (admins): the just-in-time SSO domain and the SCIM token's state. */
export type PeopleSettings = z.output<typeof peopleSettingsSchema>;
export type PeopleSettingsUpdate = z.input<typeof peopleSettingsUpdateSchema>;
