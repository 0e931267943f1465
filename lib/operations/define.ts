/**
 * What a record type is, declared once: its fields (with the reference's help text), lifecycle, who may
 * take each action, what the action stamps, which fields are searched, filtered and sorted, and how the
 * approvals engine treats it. Generic code (service, list, REST routes, OpenAPI, SDK, screens) serves
 * all five types from these definitions.
 */
import type { Formatter } from '@/lib/format';
import { z } from 'zod';
import type { RecordTableName, Role } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { AppError, type FieldError } from '@/lib/errors';
import { baseRecordShape, clientCommonShape } from './fields';

export type InputKind = 'text' | 'textarea' | 'select' | 'datetime' | 'number' | 'money' | 'integer' | 'person' | 'url';

export interface FieldSpec {
  schema: z.ZodType;
  /** Required on create. */
  required?: boolean;
  label: string;
  /** One line from the reference docs, shown under the form field and in the OpenAPI document. */
  help: string;
  input: InputKind;
  /** Shown on the form (some reference fields are set by desks through actions instead). */
  onForm?: boolean;
}

/** A field the desk records for the requester while fulfilling (extension): a typed column of the record. */
export interface FulfilmentFieldSpec extends FieldSpec {
  /**
   * The actions whose body records it (optional there): `book`, or `provision:shipped` for the one stage of
   * an action that leads to that status. Nothing else writes it (not create, not update).
   */
  setBy: readonly string[];
}

/** Who may take an action: a role, the record's requester, or whoever holds the current approval step. */
export type Principal = Role | 'requester' | 'approver';

export type RecordRow = Record<string, unknown> & { id: string; status: string; created_by: string | null };

export interface ActionContext {
  record: RecordRow;
  body: Record<string, unknown>;
  caller: Caller;
  now: string;
}

export interface ActionSpec {
  label: string;
  description: string;
  from: readonly string[];
  /** The status after the action; a function where the body decides (equipment stages). */
  to: string | ((context: ActionContext) => string);
  who: readonly Principal[];
  body?: z.ZodObject;
  /** An approval decision: handled by the approvals engine on the record's approval item. */
  decision?: 'approve' | 'reject';
  /** One of the engine's other commands on an approval item (engine.md §3): asking for and giving information. */
  engineCommand?: 'request_info' | 'respond' | 'extend';
  /**
   * Completes the parsed body from the tenant's data, inside the action's transaction, before stamps are
   * computed (an HR fulfil with a digital deliverable and no URL takes its generated document's URL).
   */
  completeBody?: (ctx: Ctx, record: RecordRow, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** Lifecycle stamps (and body fields) the action writes besides the status. */
  stamps?: (context: ActionContext) => Record<string, unknown>;
  tone?: 'primary' | 'danger' | 'neutral';
  /**
   * Why the screens offer the action disabled for now (a trip not yet started cannot sensibly be completed),
   * although the API contract allows it: words for the person (dates in their formats), or null when it makes sense now.
   */
  notYet?: (record: Record<string, unknown>, now: Date, format: Formatter) => string | null;
  /** Extra state checks beyond `from` (a FieldError list, answered as 409). */
  guard?: (context: ActionContext) => string | null;
}

export interface ApprovalStep {
  assigneeId?: string | null;
  assigneeRole?: Role | null;
}

/** A field of a quick action the inbox offers (a short form, never the full record editor). */
export interface QuickActionField {
  name: string;
  label: string;
  kind: 'text' | 'url' | 'select' | 'textarea' | 'datetime';
  options?: { value: string; label: string }[];
  required?: boolean;
  /** A line under the field (e.g. what leaving it empty keeps). */
  help?: string;
  /** The longest a value may be (the field's own bound). */
  maxLength?: number;
  defaultValue?: string;
  /** Shown (and sent) only while another field has this value. */
  showWhen?: { field: string; equals: string };
}

/** A desk's next step the inbox can offer on a task row. */
export interface QuickAction {
  action: string;
  /** The button's words; a function where they depend on the record (equipment: "Mark shipped"). */
  label: string | ((next: string) => string);
  tone?: 'primary' | 'danger' | 'neutral';
  fields?: (record: Record<string, unknown>, format: Formatter) => QuickActionField[];
  /** Opens a screen's own flow instead of a short form (an HR request's "Generate document"). */
  opens?: 'document';
}

/** How the inbox shows a request of this type: its key fields inline, and the desk's quick actions. */
export interface InboxSpec {
  /** Label and formatted value of each key field (null values are left out). */
  keyFields: (record: Record<string, unknown>, format: Formatter) => { label: string; value: string | null }[];
  quickActions?: readonly QuickAction[];
}

export interface DeskTaskSpec {
  role: Role;
  /** When the task opens: on filing, or when the record becomes approved. */
  openOn: 'create' | 'approved';
  /** Actions that move the task to processing, and that complete it. */
  startOn?: readonly string[];
  closeOn: readonly string[];
}

export interface RecordTypeInput<S extends readonly [string, ...string[]]> {
  name: 'AccessRequest' | 'HRRequest' | 'Pending' | 'Equipment' | 'Travel';
  resource: 'access-requests' | 'hr-requests' | 'pending' | 'equipment' | 'travel';
  table: RecordTableName;
  prefix: string;
  sdkName: string;
  singular: string;
  plural: string;
  description: string;
  /** Roles that see every record of the type (the desk), beside admin. */
  deskRoles: readonly Role[];
  statuses: S;
  statusHelp: string;
  initialStatus: S[number];
  fields: Record<string, FieldSpec>;
  stamps: Record<string, FieldSpec>;
  actions: Record<string, ActionSpec>;
  searchFields: readonly string[];
  /** Equality filters on enum and id-like fields: the schema of one value. */
  filters: Record<string, z.ZodType>;
  /** Range filters: `<name>_from` / `<name>_to` over a timestamp column. */
  ranges: Record<string, string>;
  sorts: readonly string[];
  /** The column naming the person a record is for. */
  requesterField: 'requester_id' | 'requested_by_id';
  /** Cross-field rules, checked on the record as it would be after a create or update. */
  validate?: (record: Record<string, unknown>) => FieldError[];
  /**
   * Rules that read the tenant's data (the systems catalogue), on the record as it would be after a create,
   * update or action; `changed` names the fields that write sets. Each error is a 422 naming its field.
   */
  validateWith?: (ctx: Ctx, record: Record<string, unknown>, changed: readonly string[]) => Promise<FieldError[]>;
  /** The free-text field that says what the request is about (shown under titles, copied to its approval item). */
  summaryField: string;
  /** The inbox priority of the request's items (1 highest … 5), e.g. a trip that leaves soon; default 3. */
  priority?: (record: Record<string, unknown>, now: Date) => number;
  /**
   * What the desk records for the requester when it fulfils (extension): typed columns, accepted in the
   * bodies of the actions each names, returned with the record and shown under "Fulfilment".
   */
  fulfilment?: Record<string, FulfilmentFieldSpec>;
  /** Fields and stamps the requester also reads under "Fulfilment" (an access grant's entitlement and expiry). */
  fulfilmentShows?: readonly string[];
  /** Output-only fields the engine attaches to each record (not columns), e.g. an approval item's decisions. */
  extras?: Record<string, z.ZodType>;
  /** Input-only fields of a create (not columns) that the service hands to the engine, e.g. an external approval's steps. */
  createExtras?: Record<string, z.ZodType>;
  /** A short human title for lists and the inbox. */
  title: (record: Record<string, unknown>) => string;
  approvals?: {
    extraSteps: (record: Record<string, unknown>, tenant: { travel_approval_threshold: number }) => ApprovalStep[];
    /** Fields the chain's conditions read: an approved record may not change them past a new step. */
    conditionFields: readonly string[];
    /**
     * The status a final approval moves the record to; null when its lifecycle has none (an HR request
     * stays pending, and its desk task opens once the approval is through).
     */
    approvedStatus: string | null;
  };
  deskTask?: DeskTaskSpec;
  /** The inbox's view of the type (key fields and quick actions). */
  inbox?: InboxSpec;
  /** Pending items change status through update, following this machine (other types: only actions). */
  statusMachine?: Record<string, readonly string[]>;
}

/** The shape every generic consumer sees (the registry's element type). */
export type RecordType = ReturnType<typeof buildRecordType>;

function nullableOptional(schema: z.ZodType) {
  return schema.nullable().optional();
}

/*
 * The same schemas as `buildRecordType` builds at run time, spelled at the type level, so that a type's
 * `schemas.record/create/update` carry its real field names and value types (z.infer / z.input work on
 * them: the SDK's types come from here, with no hand-written field lists).
 */
type SchemaOf<Spec> = Spec extends { schema: infer Z extends z.ZodType } ? Z : never;
type IsRequired<Spec> = Spec extends { required: true } ? true : false;
type Flat<T> = { [K in keyof T]: T[K] };
type StatusSchema<S extends readonly string[]> = z.ZodEnum<{ [K in S[number]]: K }>;
type TypedRecordShape<S extends readonly string[], F, T, Fu> = Flat<
  typeof baseRecordShape & {
    [K in keyof F]: IsRequired<F[K]> extends true ? SchemaOf<F[K]> : z.ZodNullable<SchemaOf<F[K]>>;
  } & { status: StatusSchema<S> } & { [K in keyof T]: z.ZodNullable<SchemaOf<T[K]>> } & { [K in keyof Fu]: z.ZodNullable<SchemaOf<Fu[K]>> }
>;
/** The fulfilment fields an action's body accepts: those whose `setBy` names the action (or one of its stages). */
type SetByNames<Fu, N> = Fu extends { setBy: readonly (infer X)[] } ? (X extends N | `${N & string}:${string}` ? true : never) : never;
type FulfilmentBodyShape<Fu, N> = { [K in keyof Fu as SetByNames<Fu[K], N> extends never ? never : K]: z.ZodOptional<SchemaOf<Fu[K]>> };
type ActionsWithFulfilment<A, Fu> = {
  [N in keyof A]: keyof FulfilmentBodyShape<Fu, N> extends never
    ? A[N]
    : A[N] extends { body: z.ZodObject<infer Shape> }
      ? Omit<A[N], 'body'> & { body: z.ZodObject<Flat<Shape & FulfilmentBodyShape<Fu, N>>> }
      : A[N];
};
type TypedCreateShape<S extends readonly string[], F, X = unknown> = Flat<
  typeof clientCommonShape & { [K in keyof X]: X[K] extends z.ZodType ? z.ZodOptional<X[K]> : never } & {
    [K in keyof F]: IsRequired<F[K]> extends true
      ? K extends 'requester_id'
        ? z.ZodOptional<z.ZodNullable<SchemaOf<F[K]>>>
        : SchemaOf<F[K]>
      : z.ZodOptional<z.ZodNullable<SchemaOf<F[K]>>>;
  } & { status: z.ZodOptional<StatusSchema<S>> }
>;
type TypedUpdateShape<S extends readonly string[], F, M> = Flat<
  typeof clientCommonShape & {
    [K in keyof F]: IsRequired<F[K]> extends true ? z.ZodOptional<SchemaOf<F[K]>> : z.ZodOptional<z.ZodNullable<SchemaOf<F[K]>>>;
  } & (M extends Record<string, readonly string[]> ? { status: z.ZodOptional<StatusSchema<S>> } : unknown)
>;
export interface TypedSchemas<S extends readonly string[], F, T, M, X = unknown, Fu = object> {
  record: z.ZodObject<TypedRecordShape<S, F, T, Fu>>;
  create: z.ZodObject<TypedCreateShape<S, F, X>>;
  update: z.ZodObject<TypedUpdateShape<S, F, M>>;
  status: StatusSchema<S>;
}

/** Declares a record type; the result keeps its literal fields, actions and typed schemas. */
export function defineRecordType<
  const S extends readonly [string, ...string[]],
  const F extends Record<string, FieldSpec>,
  const T extends Record<string, FieldSpec>,
  const A extends Record<string, ActionSpec>,
  const Fl extends Record<string, z.ZodType>,
  const Rg extends Record<string, string>,
  const So extends readonly string[],
  const M extends Record<string, readonly string[]> | undefined = undefined,
  const X extends Record<string, z.ZodType> = Record<never, z.ZodType>,
  const Fu extends Record<string, FulfilmentFieldSpec> = Record<never, FulfilmentFieldSpec>,
>(input: RecordTypeInput<S> & { fields: F; stamps: T; actions: A; filters: Fl; ranges: Rg; sorts: So; statusMachine?: M; createExtras?: X; fulfilment?: Fu }) {
  const built = buildRecordType<S>(input);
  return built as Omit<typeof built, 'fields' | 'stamps' | 'actions' | 'filters' | 'ranges' | 'sorts' | 'schemas' | 'fulfilment'> & {
    fields: F;
    stamps: T;
    actions: ActionsWithFulfilment<A, Fu>;
    filters: Fl;
    ranges: Rg;
    sorts: So;
    fulfilment: Fu;
    schemas: TypedSchemas<S, F, T, M, X, Fu>;
  };
}

/** Whether a fulfilment field is recorded by this action (leading to this status). */
export function fulfilmentSetBy(spec: FulfilmentFieldSpec, action: string, to?: string): boolean {
  return spec.setBy.some((entry) => entry === action || (to === undefined ? entry.startsWith(`${action}:`) : entry === `${action}:${to}`));
}

function buildRecordType<const S extends readonly [string, ...string[]]>(input: RecordTypeInput<S>) {
  const statusSchema = z.enum(input.statuses).meta({ description: input.statusHelp });
  const described = (spec: FieldSpec) => spec.schema.meta({ description: spec.help, title: undefined });

  const recordShape: Record<string, z.ZodType> = { ...baseRecordShape };
  for (const [name, spec] of Object.entries(input.fields)) {
    recordShape[name] = spec.required && name !== 'requester_id' ? described(spec) : described(spec).nullable();
  }
  if (input.fields.requester_id) recordShape.requester_id = described(input.fields.requester_id);
  recordShape.status = statusSchema;
  for (const [name, spec] of Object.entries(input.stamps)) recordShape[name] = described(spec).nullable();
  for (const [name, spec] of Object.entries(input.fulfilment ?? {})) recordShape[name] = described(spec).nullable();
  for (const [name, schema] of Object.entries(input.extras ?? {})) recordShape[name] = schema;
  // Output schemas describe what the server sends; they are documentation, not a second validator.
  const record = z.object(recordShape).meta({ id: input.name, description: input.description });

  const createShape: Record<string, z.ZodType> = { ...clientCommonShape };
  const updateShape: Record<string, z.ZodType> = { ...clientCommonShape };
  for (const [name, spec] of Object.entries(input.fields)) {
    const value = described(spec);
    const requiredOnCreate = spec.required && name !== 'requester_id';
    createShape[name] = requiredOnCreate ? value : nullableOptional(value);
    updateShape[name] = spec.required ? value.optional() : nullableOptional(value);
  }
  createShape.status = statusSchema.optional().meta({ description: `Must be absent or '${input.initialStatus}'.` });
  for (const [name, schema] of Object.entries(input.createExtras ?? {})) createShape[name] = schema.optional();
  if (input.statusMachine) updateShape.status = statusSchema.optional();

  const create = z.object(createShape).meta({ id: `${input.name}Create` });
  const update = z.object(updateShape).meta({ id: `${input.name}Update` });

  // Each action's body accepts the fulfilment fields it records (optional), declared once on the type.
  const actions: Record<string, ActionSpec> = {};
  for (const [name, spec] of Object.entries(input.actions)) {
    const extra = Object.entries(input.fulfilment ?? {}).filter(([, field]) => fulfilmentSetBy(field, name));
    actions[name] =
      extra.length === 0
        ? spec
        : { ...spec, body: (spec.body ?? z.object({})).extend(Object.fromEntries(extra.map(([field, f]) => [field, described(f).optional()]))) };
  }
  const actionNames = Object.keys(input.actions);
  return {
    ...input,
    actions,
    fulfilment: input.fulfilment ?? {},
    actionNames,
    schemas: { record, create, update, status: statusSchema },
    /** Every column of the record as the API returns it, in the reference's order. */
    columns: Object.keys(recordShape).filter((name) => !(name in (input.extras ?? {}))),
  };
}

/** 409 for an action not allowed from the record's status, with what is allowed instead. */
export function stateConflict(type: RecordType, record: { status: string }, detail: string): AppError {
  return new AppError('conflict', detail, {
    extensions: { current_status: record.status, allowed_actions: actionsFrom(type, record.status) },
  });
}

/** The status an action leads to from the record's current status (with no body). */
export function statusAfter(spec: ActionSpec, record: RecordRow, caller: Caller): string {
  return typeof spec.to === 'string' ? spec.to : spec.to({ record, body: {}, caller, now: new Date().toISOString() });
}

/** The actions allowed from a status (for 409 bodies and the detail screen). */
export function actionsFrom(type: RecordType, status: string): string[] {
  return Object.entries(type.actions)
    .filter(([, spec]) => spec.from.includes(status))
    .map(([name]) => name);
}
