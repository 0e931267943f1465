import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import Link from 'next/link';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { humanize } from '@/lib/format';
import { Money } from '@/components/ui/formatted';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { roleLabel } from './approval-chain';
import type { Column } from './columns';
import { UNKNOWN_PERSON } from './field-value';
import { listHref, type ListParams } from './list-params';

function SortHeader({ column, resource, params }: { column: Column; resource: string; params: ListParams }) {
  const sort = params.sort ?? '-created_at';
  const current = sort.replace(/^-/, '') === column.name;
  const descending = sort.startsWith('-');
  const nextSort = current ? (descending ? column.name : `-${column.name}`) : `-${column.name}`;
  const Icon = !current ? ArrowUpDown : descending ? ArrowDown : ArrowUp;
  return (
    <Link
      href={listHref(resource, params, { sort: nextSort === '-created_at' ? null : nextSort })}
      className="inline-flex items-center gap-1 rounded hover:text-zinc-900 dark:hover:text-white"
      scroll={false}
    >
      {column.label}
      <Icon className={`size-3.5 ${current ? '' : 'opacity-40'}`} aria-hidden />
      <span className="sr-only">{current ? (descending ? ', sorted newest first; sort oldest first' : ', sorted oldest first; sort newest first') : ', sort'}</span>
    </Link>
  );
}

export function Cell({ column, row, type, names }: { column: Column; row: RecordRow; type: RecordType; names: Map<string, string> }) {
  const value = column.name === 'title' ? null : row[column.name];
  switch (column.kind) {
    case 'title':
      return (
        <Link href={`/${type.resource}/${row.id}`} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline max-md:flex max-md:min-h-11 max-md:items-center dark:text-zinc-100 dark:hover:text-accent-100">
          {type.title(row)}
        </Link>
      );
    case 'status':
      return <StatusBadge status={row.status} />;
    case 'person':
      if (!value) return row.assignee_role && column.name === 'assignee_id' ? <span>{roleLabel(String(row.assignee_role))}</span> : <span className="text-zinc-400">—</span>;
      return <span>{names.get(String(value)) ?? UNKNOWN_PERSON}</span>;
    case 'datetime':
      return value ? <RelativeTime iso={String(value)} /> : <span className="text-zinc-400">—</span>;
    case 'money':
      return value === null || value === undefined ? <span className="text-zinc-400">—</span> : <Money amount={Number(value)} />;
    case 'enum':
      return <span>{humanize(String(value ?? ''))}</span>;
    default:
      return value === null || value === undefined ? <span className="text-zinc-400">—</span> : <span className="tabular-nums">{String(value)}</span>;
  }
}

/** Titles and names wrap (within a floor); short values stay on one line. */
const WRAP: Record<Column['kind'], string> = {
  title: 'min-w-52',
  person: 'min-w-28',
  text: 'min-w-28',
  role: 'whitespace-nowrap',
  status: 'whitespace-nowrap',
  datetime: 'whitespace-nowrap',
  money: 'whitespace-nowrap',
  enum: 'whitespace-nowrap',
  integer: 'whitespace-nowrap',
};

function visibility(column: Column): string {
  if (column.tertiary) return 'hidden @5xl:table-cell';
  if (column.secondary) return 'hidden @3xl:table-cell';
  return '';
}

export function RecordsTable({
  type,
  rows,
  columns,
  params,
  names,
}: {
  type: RecordType;
  rows: RecordRow[];
  columns: Column[];
  params: ListParams;
  names: Map<string, string>;
}) {
  const sort = params.sort ?? '-created_at';
  // A container: columns give way to the card's width, not the window's (the sidebar takes its share). Relative, so
  // the headers' screen-reader text is clipped with the table and scrolls inside the card, never the page.
  return (
    <div className="@container relative overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <table className="w-full text-left text-sm max-md:block">
        <caption className="sr-only">{type.plural}</caption>
        <thead className="max-md:hidden border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            {columns.map((column) => {
              const current = sort.replace(/^-/, '') === column.name;
              return (
                <th
                  key={column.name}
                  scope="col"
                  aria-sort={current ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined}
                  className={`whitespace-nowrap px-3 py-2.5 font-medium first:pl-4 last:pr-4 ${visibility(column)} ${column.kind === 'money' ? 'text-right' : ''}`}
                >
                  {column.sortable ? <SortHeader column={column} resource={type.resource} params={params} /> : column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 max-md:block dark:divide-zinc-800/70">
          {rows.map((row) => (
            <tr key={row.id} className="hover:bg-zinc-50 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-4 max-md:py-3 dark:hover:bg-zinc-900/50" data-testid="record-row">
              {columns.map((column) => (
                <td
                  key={column.name}
                  className={`px-3 py-2.5 align-middle text-zinc-700 first:pl-4 last:pr-4 max-md:p-0 max-md:first:pl-0 max-md:last:pr-0 dark:text-zinc-300 ${WRAP[column.kind]} ${visibility(column)} ${column.kind === 'money' ? 'text-right' : ''} ${column.kind === 'title' ? 'max-md:w-full max-md:min-w-0' : 'max-md:text-xs'}`}
                >
                  {/* A card on a phone has no header row: each value says what it is ("Departure next month"). */}
                  {column.kind !== 'title' && column.kind !== 'status' && <span className="mr-1 text-zinc-500 md:hidden dark:text-zinc-400">{column.label}</span>}
                  <Cell column={column} row={row} type={type} names={names} />
                  {column.kind === 'title' && <div className="mt-0.5 font-mono text-xs text-zinc-500 max-md:hidden dark:text-zinc-400">{row.id}</div>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
