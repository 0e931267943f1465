/**
 * Example values for the explorer's pre-filled bodies, built from a JSON Schema (itself generated from the
 * zod schema the server validates with): required fields get a sensible value picked by name, format or type.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const DAY = 86_400_000;

/** A whole hour `days` from now, in UTC, so examples stay valid (future dates, return after departure). */
function isoInDays(days: number, hour = 9): string {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().replace('.000Z', 'Z');
}

const BY_NAME: Record<string, () => unknown> = {
  purpose: () => 'Customer workshop with the Lisbon team',
  destination: () => 'Lisbon',
  departure_at: () => isoInDays(14),
  return_at: () => isoInDays(16, 18),
  expires_at: () => isoInDays(90),
  due_at: () => isoInDays(3, 17),
  system_id: () => 'github',
  justification: () => 'Needs write access to review and merge pull requests.',
  entitlement_type: () => 'write',
  equipment_type: () => 'laptop',
  specification: () => '14-inch laptop, 32 GB RAM, 1 TB SSD',
  description: () => 'Employment letter for a visa application.',
  title: () => 'Review the onboarding checklist',
  source_id: () => 'doc-42',
  deliverable_url: () => 'https://files.example.com/letter.pdf',
  estimated_cost: () => 1200,
  actual_cost: () => 1150,
  cost: () => 1500,
  priority: () => 3,
  reason: () => 'Plans changed',
  comment: () => 'Sent from the API explorer',
  type: () => 'review',
};

/** The schema without its null branch (`nullable().optional()` fields), $refs resolved. */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  if (current.$ref) {
    const name = current.$ref.replace('#/$defs/', '');
    current = { ...root.$defs?.[name], description: current.description ?? root.$defs?.[name]?.description };
  }
  if (current.anyOf) {
    const nonNull = current.anyOf.find((branch) => branch.type !== 'null');
    if (nonNull) return { ...resolveSchema(nonNull, root), description: current.description ?? nonNull.description };
  }
  return current;
}

export function exampleValue(name: string, schema: JsonSchema): unknown {
  const byName = BY_NAME[name];
  if (byName && !schema.enum) return byName();
  if (schema.enum?.length) return schema.enum[0];
  if (schema.format === 'date-time') return isoInDays(7);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return `example ${name.replace(/_/g, ' ')}`;
  }
}

export interface BodyField {
  name: string;
  type: string;
  required: boolean;
  description: string;
  options?: string[];
}

function typeLabel(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.format === 'date-time') return 'date-time';
  return (Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type) ?? 'any';
}

/** The object schema's fields, for the reference table beside the body editor. */
export function bodyFields(objectSchema: JsonSchema): BodyField[] {
  const root = objectSchema;
  const resolved = resolveSchema(objectSchema, root);
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties ?? {}).map(([name, raw]) => {
    const schema = resolveSchema(raw, root);
    return {
      name,
      type: typeLabel(schema),
      required: required.has(name),
      description: schema.description ?? raw.description ?? '',
      ...(schema.enum ? { options: schema.enum.map(String) } : {}),
    };
  });
}

/**
 * An example body: the required fields, plus (with `optional`) the optional ones that are not enums and not
 * provenance fields — for action bodies, whose few fields are all worth showing.
 */
export function exampleBody(objectSchema: JsonSchema, options: { optional?: boolean; skip?: readonly string[] } = {}): Record<string, unknown> {
  const root = objectSchema;
  const resolved = resolveSchema(objectSchema, root);
  const required = new Set(resolved.required ?? []);
  const skip = new Set(options.skip ?? []);
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(resolved.properties ?? {})) {
    if (skip.has(name)) continue;
    const schema = resolveSchema(raw, root);
    // Optional enums and references to other records are the caller's choice: no made-up value for them.
    const include = required.has(name) || (options.optional && !schema.enum && !name.endsWith('_id'));
    if (include) body[name] = exampleValue(name, schema);
  }
  return body;
}
