/**
 * A list as a spreadsheet reads it: one column per field a person reads (labels as headers, plumbing left
 * out), people by name, enums in words, dates and times in the person's time zone ("2026-05-01 09:00", which
 * every spreadsheet takes as a date), amounts as plain numbers. Pure: the export route streams its lines.
 */
import type { InputKind, RecordRow, RecordType } from '@/lib/operations/define';
import { humanize } from '@/lib/format';
import { isPlumbing } from './plumbing';

export interface CsvColumn {
  name: string;
  label: string;
  input: InputKind | 'status' | 'id';
}

export interface CsvOptions {
  names: Map<string, string>;
  /** An IANA time zone (see timeZoneOr); dates are written in it. */
  timeZone: string;
}

/** The columns of a type's export, in the order of its detail page. */
export function csvColumns(type: RecordType): CsvColumn[] {
  const columns: CsvColumn[] = [
    { name: 'id', label: 'ID', input: 'id' },
    { name: 'status', label: 'Status', input: 'status' },
  ];
  const own = [...Object.entries(type.fields), ...Object.entries(type.stamps)];
  for (const [name, spec] of own) {
    if (!isPlumbing(name)) columns.push({ name, label: spec.label, input: spec.input });
  }
  columns.push(
    { name: 'created_by', label: 'Filed by', input: 'person' },
    { name: 'created_at', label: 'Created', input: 'datetime' },
    { name: 'updated_at', label: 'Updated', input: 'datetime' },
  );
  return columns;
}

/** The zone named, when this runtime knows it; UTC otherwise. */
export function timeZoneOr(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-05-01 09:00" in the zone. */
export function localDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = localFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    localFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** One value as text for a cell. */
export function csvText(column: CsvColumn, value: unknown, options: CsvOptions): string {
  if (value === null || value === undefined || value === '') return '';
  switch (column.input) {
    case 'person':
      return options.names.get(String(value)) ?? '';
    case 'datetime':
      return localDateTime(String(value), options.timeZone);
    case 'status':
    case 'select':
      return humanize(String(value));
    default:
      if (typeof value === 'boolean') return value ? 'Yes' : 'No';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Quoted always; a cell that a spreadsheet would run as a formula is defused. */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvHeaderLine(columns: CsvColumn[]): string {
  return columns.map((c) => csvCell(c.label)).join(',');
}

export function csvLine(columns: CsvColumn[], row: RecordRow, options: CsvOptions): string {
  return columns.map((c) => csvCell(csvText(c, row[c.name], options))).join(',');
}
