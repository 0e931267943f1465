/**
 * Between form inputs (strings) and the API's values: what the form shows for a stored value, and the
 * payload the server's zod schema validates for what was typed.
 */
import { instantFromWallTime, wallTimeIn } from '@/lib/format';
import type { FormField } from './schema-fields';

export interface TagRow {
  key: string;
  value: string;
}

export type FormValues = Record<string, string> & { tags?: TagRow[] };

/**
 * A stored value as the input shows it. A datetime-local input takes wall time without a zone: the time in
 * the person's own zone, as every screen shows it (the same on the server and in the browser).
 */
export function toInputValue(field: Pick<FormField, 'input'>, value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (field.input === 'datetime' && typeof value === 'string') return wallTimeIn(value, timeZone);
  return String(value);
}

export function tagRowsOf(tags: unknown): TagRow[] {
  if (!tags || typeof tags !== 'object') return [];
  return Object.entries(tags as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

/** A typed value for the schema, or the raw text when it cannot be read (so the schema names the error); a time in the person's zone. */
export function fromInputValue(field: Pick<FormField, 'input'>, raw: string, timeZone: string): unknown {
  const text = raw.trim();
  if (field.input === 'money' || field.input === 'number' || field.input === 'integer') {
    const number = Number(text);
    return Number.isFinite(number) ? number : raw;
  }
  if (field.input === 'datetime') return instantFromWallTime(text, timeZone) ?? raw;
  return raw;
}

/**
 * The payload for create or update. Empty optional inputs are left out on create and cleared (null) on
 * update; an empty required input stays empty so the schema reports it.
 */
export function toPayload(fields: FormField[], values: FormValues, mode: 'create' | 'edit', timeZone: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    if (raw.trim() === '') {
      if (field.omitWhenEmpty) continue;
      if (field.required) payload[field.name] = field.options ? undefined : raw;
      else if (mode === 'edit') payload[field.name] = null;
      continue;
    }
    payload[field.name] = fromInputValue(field, raw, timeZone);
  }
  const rows = (values.tags ?? []).filter((row) => row.key.trim() !== '' || row.value.trim() !== '');
  if (rows.length > 0 || mode === 'edit') {
    payload.tags = Object.fromEntries(rows.map((row) => [row.key.trim(), row.value]));
  }
  return payload;
}
