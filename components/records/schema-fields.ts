/**
 * Reading the record-type definitions for the screens: which fields a form shows, which filters a list
 * offers, which inputs an action's body takes. Client-safe (no database imports).
 */
import type { z } from 'zod';
import type { FieldSpec, InputKind, RecordType } from '@/lib/operations/define';
import { humanize } from '@/lib/format';

export interface FormField {
  name: string;
  label: string;
  help: string;
  input: InputKind;
  required: boolean;
  options?: string[];
  /** Left out of the payload when empty (the requester: empty means "me"). */
  omitWhenEmpty?: boolean;
}

interface ZodDefLike {
  type?: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string>;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return ((schema as unknown as { _zod?: { def?: ZodDefLike } })._zod?.def ?? {}) as ZodDefLike;
}

/** Strips optional / nullable / default wrappers; a pipe (a transform) is read by its input side. */
export function unwrap(schema: z.ZodType): { base: z.ZodType; optional: boolean } {
  let current = schema;
  let optional = false;
  for (let i = 0; i < 8; i++) {
    const def = defOf(current);
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) {
      if (def.type !== 'nullable') optional = true;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else break;
  }
  return { base: current, optional };
}

export function enumOptions(schema: z.ZodType): string[] | undefined {
  const { base } = unwrap(schema);
  const def = defOf(base);
  if (def.type === 'enum' && def.entries) return Object.values(def.entries);
  return undefined;
}

function toFormField(name: string, spec: FieldSpec, required: boolean): FormField {
  return { name, label: spec.label, help: spec.help, input: spec.input, required, options: enumOptions(spec.schema) };
}

/** The form's fields: those marked onForm, and the requester for admins (who may file on behalf). */
export function formFieldsOf(type: RecordType, options: { admin: boolean }): FormField[] {
  const fields: FormField[] = [];
  const requester = type.requesterField;
  if (options.admin && type.fields[requester]) fields.push({ ...toFormField(requester, type.fields[requester], false), omitWhenEmpty: true });
  for (const [name, spec] of Object.entries(type.fields)) {
    if (spec.onForm) fields.push(toFormField(name, spec, !!spec.required));
  }
  return fields;
}

export interface FilterOption {
  name: string;
  label: string;
  options: string[];
}

/** The list's select filters: status and the type's enum filters. */
export function enumFiltersOf(type: RecordType): FilterOption[] {
  const result: FilterOption[] = [];
  for (const [name, schema] of Object.entries(type.filters)) {
    const options = enumOptions(schema);
    if (!options) continue;
    result.push({ name, label: name === 'status' ? 'Status' : (type.fields[name]?.label ?? humanize(name)), options });
  }
  return result;
}

export interface BodyField {
  name: string;
  label: string;
  kind: 'select' | 'number' | 'datetime' | 'text' | 'textarea';
  required: boolean;
  options?: string[];
  help?: string;
}

/** The inputs of an action's body, read from its zod object. */
export function bodyFieldsOf(type: RecordType, body: z.ZodType | undefined): BodyField[] {
  if (!body) return [];
  const shape = (body as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, schema]) => {
    const { base, optional } = unwrap(schema);
    const spec = type.fields[name] ?? type.stamps[name] ?? type.fulfilment[name];
    const def = defOf(base);
    const options = enumOptions(base);
    const original = defOf(schema);
    let kind: BodyField['kind'] = 'text';
    if (options) kind = 'select';
    else if (def.type === 'number') kind = 'number';
    else if (spec?.input === 'datetime' || original.type === 'pipe' || name.endsWith('_at')) kind = 'datetime';
    else if (name === 'comment' || name === 'reason' || spec?.input === 'textarea') kind = 'textarea';
    return {
      name,
      label: spec?.label ?? humanize(name),
      kind,
      required: !optional,
      options,
      help: spec?.help,
    };
  });
}
