/**
 * A small CSV reader (RFC 4180: commas, double-quoted fields with "" escapes, CRLF or LF) for the
 * People screen's invitation upload. The first row is the header; names are matched case-insensitively.
 */
export const CSV_MAX_ROWS = 500;

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** The data rows as objects keyed by the header's lower-cased names. */
export function csvRecords(text: string): { records: Record<string, string>[]; error: string | null } {
  const rows = parseCsv(text);
  if (rows.length === 0) return { records: [], error: 'The file is empty.' };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  if (!header.includes('email')) return { records: [], error: 'The first line must name the columns, with at least "email" (name, email, manager, roles).' };
  if (rows.length - 1 > CSV_MAX_ROWS) return { records: [], error: `At most ${CSV_MAX_ROWS} people per file.` };
  return { records: rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()]))), error: null };
}
