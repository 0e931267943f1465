/**
 * The security log as CSV (RFC 4180) for Accept: text/csv and the screen's export button. A cell that a
 * spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) is prefixed with a quote:
 * the log records what attackers typed, and opening it must not run it.
 */
import type { SecurityEventRow } from './list-events';

const COLUMNS = ['created_at', 'kind', 'actor_id', 'actor_name', 'subject_id', 'ip', 'detail'] as const;

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function securityEventsCsv(rows: SecurityEventRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((column) => cell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
