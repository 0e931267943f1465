/**
 * What the explorer offers, built on the server from the registry: per resource, its operations (list,
 * get, create, update, delete and each action) with path, parameters, headers, body schema and an example
 * body generated from the same zod schemas the server validates with. Plain JSON, handed to the client.
 */
import { z } from 'zod';
import { groupCreateSchema, groupsQuerySchema, groupUpdateSchema } from '@/lib/directory/groups';
import { peopleQuerySchema, personCreateSchema, personUpdateSchema } from '@/lib/directory/people';
import { systemCreateSchema, systemsQuerySchema, systemUpdateSchema } from '@/lib/directory/systems';
import { listParamsSchema } from '@/lib/operations/list';
import { recordTypes, type RecordType } from '@/lib/operations/registry';
import { createEndpointSchema, deliveriesQuerySchema, updateEndpointSchema } from '@/lib/webhooks/endpoints';
import { bodyFields, exampleBody, resolveSchema, type BodyField, type JsonSchema } from './examples';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface QueryParam {
  name: string;
  description: string;
  options?: string[];
  /** Shown at once; the others fold under "More parameters". */
  primary?: boolean;
  /** A second path parameter (`{delivery_id}` in the path), not a query parameter. */
  inPath?: boolean;
}

export interface OperationInfo {
  key: string;
  label: string;
  description: string;
  method: HttpMethod;
  /** `/api/v1/operations/travel/{id}/book` */
  path: string;
  needsId: boolean;
  /** SDK method name: list, get, create, update, delete or the action's name. */
  sdkMethod: string;
  kind: 'list' | 'get' | 'create' | 'update' | 'delete' | 'action';
  query: QueryParam[];
  headers: ('If-Match' | 'Idempotency-Key')[];
  body: { example: Record<string, unknown>; fields: BodyField[] } | null;
  success: number;
  /** For actions: the statuses it may be taken from, and who may take it. */
  from?: string[];
  who?: string[];
}

export interface ResourceInfo {
  resource: string;
  /** The SDK's name for it: under `operations` for record types (`accessRequests`), else top-level (`people`). */
  sdkName: string;
  /** True for the directory (people, groups, systems): `client.people`, not `client.operations.people`. */
  topLevel?: boolean;
  /** Id prefix, e.g. `trv`. */
  prefix: string;
  name: string;
  singular: string;
  plural: string;
  description: string;
  statuses: string[];
  operations: OperationInfo[];
}

const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

function listQuery(type: RecordType): QueryParam[] {
  const root = jsonSchemaOf(listParamsSchema(type));
  const primary = ['scope', 'status', 'q', 'sort', 'limit', 'cursor'];
  const params = Object.entries(root.properties ?? {}).map(([name, raw]): QueryParam => {
    const schema = resolveSchema(raw, root);
    const filter = type.filters[name];
    const filterSchema = filter ? resolveSchema(jsonSchemaOf(filter), root) : undefined;
    const options = (filterSchema?.enum ?? schema.enum)?.map(String);
    return { name, description: schema.description ?? raw.description ?? '', ...(options ? { options } : {}), primary: primary.includes(name) };
  });
  const rank = (p: QueryParam) => (p.primary ? primary.indexOf(p.name) : primary.length);
  return params.sort((a, b) => rank(a) - rank(b));
}

/** A small edit worth showing: the type's first long text field on the form. */
function updateExample(type: RecordType): Record<string, unknown> {
  const editable = Object.entries(type.fields).filter(([, spec]) => spec.onForm);
  const [name] = editable.find(([, spec]) => spec.input === 'textarea') ?? editable[0] ?? [];
  if (!name) return {};
  const example = exampleBody(jsonSchemaOf(type.schemas.create), { optional: true });
  return { [name]: example[name] ?? '' };
}

function operationsOf(type: RecordType): OperationInfo[] {
  const base = `/api/v1/operations/${type.resource}`;
  const item = `${base}/{id}`;
  const createSchema = jsonSchemaOf(type.schemas.create);
  const updateSchema = jsonSchemaOf(type.schemas.update);
  const crud: OperationInfo[] = [
    {
      key: 'list', kind: 'list', label: `List ${type.plural.toLowerCase()}`, method: 'GET', path: base, needsId: false, sdkMethod: 'list',
      description: 'Filter, search, sort and page (keyset) through the records you may see.',
      query: listQuery(type), headers: [], body: null, success: 200,
    },
    {
      key: 'get', kind: 'get', label: `Get a ${type.singular.toLowerCase()}`, method: 'GET', path: item, needsId: true, sdkMethod: 'get',
      description: 'One record with its ETag (send it back as If-Match to write safely).',
      query: [], headers: [], body: null, success: 200,
    },
    {
      key: 'create', kind: 'create', label: `Create a ${type.singular.toLowerCase()}`, method: 'POST', path: base, needsId: false, sdkMethod: 'create',
      description: `File a new ${type.singular.toLowerCase()}. The server stamps ids, times and the requester.`,
      query: [], headers: ['Idempotency-Key'], success: 201,
      body: { example: exampleBody(createSchema), fields: bodyFields(createSchema) },
    },
    {
      key: 'update', kind: 'update', label: `Update a ${type.singular.toLowerCase()}`, method: 'PATCH', path: item, needsId: true, sdkMethod: 'update',
      description: type.statusMachine
        ? 'Change fields, or move the status along its machine.'
        : 'Change fields while you may edit it. Status changes only through actions.',
      query: [], headers: ['If-Match'], success: 200,
      body: { example: updateExample(type), fields: bodyFields(updateSchema) },
    },
    {
      key: 'delete', kind: 'delete', label: `Delete a ${type.singular.toLowerCase()}`, method: 'DELETE', path: item, needsId: true, sdkMethod: 'delete',
      description: 'Soft delete: the record disappears from lists and answers 404.',
      query: [], headers: ['If-Match'], body: null, success: 204,
    },
  ];
  const actions = Object.entries(type.actions).map(([name, spec]): OperationInfo => {
    const schema = spec.body ? jsonSchemaOf(spec.body) : ({ type: 'object', properties: {} } as JsonSchema);
    return {
      key: name, kind: 'action', label: spec.label, description: spec.description, method: 'POST', path: `${item}/${name}`,
      needsId: true, sdkMethod: name, query: [], headers: ['If-Match', 'Idempotency-Key'], success: 200,
      body: { example: exampleBody(schema, { optional: true }), fields: bodyFields(schema) },
      from: [...spec.from], who: [...spec.who],
    };
  });
  return [...crud, ...actions];
}

/** The directory's resources (engine.md §3a): plain CRUD, no lifecycle. */
const DIRECTORY = [
  {
    resource: 'people', name: 'Person', singular: 'Person', plural: 'People', prefix: 'per', remove: false,
    description: 'The people of your organisation: anyone signed in reads the directory; admins add and change people.',
    schemas: { create: personCreateSchema, update: personUpdateSchema, query: peopleQuerySchema },
    update: { title: 'Staff engineer' },
  },
  {
    resource: 'groups', name: 'Group', singular: 'Group', plural: 'Groups', prefix: 'grp', remove: true,
    description: 'Approver groups such as Finance or Legal, which approval policies route steps to. Admins change them.',
    schemas: { create: groupCreateSchema, update: groupUpdateSchema, query: groupsQuerySchema },
    update: { description: 'Approves spend above the usual limits.' },
  },
  {
    resource: 'systems', name: 'System', singular: 'System', plural: 'Systems', prefix: 'github', remove: true,
    description: 'The systems catalogue access requests pick from: owners, entitlements and the longest grant. Admins change it.',
    schemas: { create: systemCreateSchema, update: systemUpdateSchema, query: systemsQuerySchema },
    update: { max_days: 90 },
  },
] as const;

function directoryOperations(entry: (typeof DIRECTORY)[number]): OperationInfo[] {
  const base = `/api/v1/${entry.resource}`;
  const item = `${base}/{id}`;
  const noun = entry.singular.toLowerCase();
  const queryRoot = jsonSchemaOf(entry.schemas.query);
  const query = Object.entries(queryRoot.properties ?? {}).map(([name, raw]): QueryParam => {
    const schema = resolveSchema(raw, queryRoot);
    return { name, description: schema.description ?? raw.description ?? '', ...(schema.enum ? { options: schema.enum.map(String) } : {}), primary: true };
  });
  const createSchema = jsonSchemaOf(entry.schemas.create);
  const updateSchema = jsonSchemaOf(entry.schemas.update);
  const operations: OperationInfo[] = [
    { key: 'list', kind: 'list', label: `List ${entry.plural.toLowerCase()}`, method: 'GET', path: base, needsId: false, sdkMethod: 'list', description: 'Sorted by name; keyset paging with next_cursor.', query, headers: [], body: null, success: 200 },
    { key: 'get', kind: 'get', label: `Get a ${noun}`, method: 'GET', path: item, needsId: true, sdkMethod: 'get', description: 'One entry with its ETag.', query: [], headers: [], body: null, success: 200 },
    { key: 'create', kind: 'create', label: `Add a ${noun}`, method: 'POST', path: base, needsId: false, sdkMethod: 'create', description: 'Admins only.', query: [], headers: ['Idempotency-Key'], body: { example: exampleBody(createSchema), fields: bodyFields(createSchema) }, success: 201 },
    { key: 'update', kind: 'update', label: `Change a ${noun}`, method: 'PATCH', path: item, needsId: true, sdkMethod: 'update', description: 'Admins only; send only what changes.', query: [], headers: ['If-Match'], body: { example: { ...entry.update }, fields: bodyFields(updateSchema) }, success: 200 },
  ];
  if (entry.remove) {
    operations.push({ key: 'delete', kind: 'delete', label: `Delete a ${noun}`, method: 'DELETE', path: item, needsId: true, sdkMethod: 'delete', description: 'Admins only.', query: [], headers: ['If-Match'], body: null, success: 204 });
  }
  return operations;
}

/** Query parameters of a plain schema (no filters of a record type). */
function plainQuery(schema: z.ZodType): QueryParam[] {
  const root = jsonSchemaOf(schema);
  return Object.entries(root.properties ?? {}).map(([name, raw]): QueryParam => {
    const resolved = resolveSchema(raw, root);
    return { name, description: resolved.description ?? raw.description ?? '', ...(resolved.enum ? { options: resolved.enum.map(String) } : {}), primary: true };
  });
}

/** Webhook endpoints and their delivery log (engine.md §6): admins, or an integration key for its own. */
function webhookResource(): ResourceInfo {
  const base = '/api/v1/webhooks';
  const item = `${base}/{id}`;
  const createSchema = jsonSchemaOf(createEndpointSchema);
  const updateSchema = jsonSchemaOf(updateEndpointSchema);
  const who = 'Admins, or an integration key for its own endpoints.';
  const operations: OperationInfo[] = [
    { key: 'list', kind: 'list', label: 'List webhook endpoints', method: 'GET', path: base, needsId: false, sdkMethod: 'list', description: who, query: [], headers: [], body: null, success: 200 },
    { key: 'get', kind: 'get', label: 'Get a webhook endpoint', method: 'GET', path: item, needsId: true, sdkMethod: 'get', description: `${who} The signing secret is never shown again.`, query: [], headers: [], body: null, success: 200 },
    {
      key: 'create', kind: 'create', label: 'Add a webhook endpoint', method: 'POST', path: base, needsId: false, sdkMethod: 'create',
      description: 'Answers the signing secret (whsec_…) once. Deliveries are signed per Standard Webhooks; verify them with verifyWebhook from the SDK.',
      query: [], headers: [], success: 201,
      body: { example: { url: 'https://hooks.example.com/opsdesk', events: ['pending.completed'], description: 'Expense system' }, fields: bodyFields(createSchema) },
    },
    {
      key: 'update', kind: 'update', label: 'Change a webhook endpoint', method: 'PATCH', path: item, needsId: true, sdkMethod: 'update',
      description: '"enabled": true switches it on again after it was switched off (10 failed deliveries in a row) or paused.',
      query: [], headers: [], success: 200, body: { example: { enabled: true }, fields: bodyFields(updateSchema) },
    },
    { key: 'delete', kind: 'delete', label: 'Delete a webhook endpoint', method: 'DELETE', path: item, needsId: true, sdkMethod: 'delete', description: 'With its delivery log.', query: [], headers: [], body: null, success: 204 },
    {
      key: 'deliveries', kind: 'list', label: 'Deliveries of an endpoint', method: 'GET', path: `${item}/deliveries`, needsId: true, sdkMethod: 'deliveries',
      description: 'The delivery log, newest first: status, response code, duration, attempts.', query: plainQuery(deliveriesQuerySchema), headers: [], body: null, success: 200,
    },
    {
      key: 'retryDelivery', kind: 'action', label: 'Retry a delivery', method: 'POST', path: `${item}/deliveries/{delivery_id}/retry`, needsId: true, sdkMethod: 'retryDelivery',
      description: 'Sends a failed (or waiting) delivery again now: the same webhook-id and body, newly signed.',
      query: [{ name: 'delivery_id', description: 'The delivery (msg_…) from the endpoint’s delivery log.', primary: true, inPath: true }],
      headers: [], body: null, success: 200,
    },
  ];
  return {
    resource: 'webhooks', sdkName: 'webhooks', topLevel: true, prefix: 'whk', name: 'Webhook endpoint', singular: 'Webhook endpoint', plural: 'Webhook endpoints',
    description: 'Where Opsdesk POSTs signed events: record.created, record.status_changed, approval.step_assigned, approval.decided, pending.completed, document.issued.',
    statuses: [], operations,
  };
}

export function explorerCatalog(): ResourceInfo[] {
  return [...recordTypes.map(recordResource), ...DIRECTORY.map(directoryResource), webhookResource()];
}

function directoryResource(entry: (typeof DIRECTORY)[number]): ResourceInfo {
  return {
    resource: entry.resource,
    sdkName: entry.resource,
    topLevel: true,
    prefix: entry.prefix,
    name: entry.name,
    singular: entry.singular,
    plural: entry.plural,
    description: entry.description,
    statuses: [],
    operations: directoryOperations(entry),
  };
}

function recordResource(type: RecordType): ResourceInfo {
  return {
    resource: type.resource,
    sdkName: type.sdkName,
    prefix: type.prefix,
    name: type.name,
    singular: type.singular,
    plural: type.plural,
    description: type.description,
    statuses: [...type.statuses],
    operations: operationsOf(type),
  };
}
