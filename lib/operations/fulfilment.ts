/**
 * Desk fulfilment (extension): the typed fields a record type declares in `fulfilment`, written only through
 * the actions (or stages) their `setBy` names. One rule for every type: a field sent with another action or
 * stage is a 422 naming it, never silently dropped or stored.
 */
import { invalidField } from '@/lib/errors';
import { fulfilmentSetBy, type RecordType } from './define';

function whenRecorded(setBy: readonly string[]): string {
  return setBy.map((entry) => (entry.includes(':') ? `${entry.split(':')[0]} to ${entry.split(':')[1]}` : entry)).join(' or ');
}

/** The fulfilment columns an action writes from its (parsed) body, leading to status `to`. */
export function fulfilmentChanges(type: RecordType, action: string, to: string, body: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(type.fulfilment)) {
    if (body[name] === undefined || body[name] === null) continue;
    if (!fulfilmentSetBy(field, action, to)) throw invalidField(name, `${field.label} is recorded by ${whenRecorded(field.setBy)}, not by ${action} to ${to}`);
    changes[name] = body[name];
  }
  return changes;
}

/** The fields shown under "Fulfilment" on a record's page, in order: its own fulfilment fields, then the others it names. */
export function fulfilmentFieldNames(type: RecordType): string[] {
  return [...(type.fulfilmentShows ?? []), ...Object.keys(type.fulfilment)];
}

const isSet = (value: unknown) => value !== null && value !== undefined && value !== '';

/**
 * Whether the desk delivered anything yet: a fulfilment field, or a stamp among the fields it shows (booked,
 * ordered, granted, fulfilled). Until then the shown fields (a requested expiry) stay with the details.
 */
export function hasFulfilment(type: RecordType, record: Record<string, unknown>): boolean {
  return (
    Object.keys(type.fulfilment).some((name) => isSet(record[name])) ||
    (type.fulfilmentShows ?? []).some((name) => name in type.stamps && isSet(record[name]))
  );
}
