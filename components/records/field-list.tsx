import type { RecordRow, RecordType } from '@/lib/operations/define';
import { fulfilmentFieldNames, hasFulfilment } from '@/lib/operations/fulfilment';
import { FieldValue } from './field-value';
import { isEmptyValue, isPlumbing } from './plumbing';

const COMMON: { name: string; label: string }[] = [
  { name: 'created_by', label: 'Filed by' },
  { name: 'created_at', label: 'Created' },
  { name: 'updated_at', label: 'Updated' },
  { name: 'tags', label: 'Tags' },
];

/**
 * The record's fields as a person reads them: its own fields, the lifecycle stamps, and when it was filed
 * and changed. Left out: the engine's bookkeeping and storage stamps (plumbing.ts), fields with nothing in
 * them, "filed by" when it is the requester, and the source record of an item that links to its request.
 */
export function FieldList({
  type,
  record,
  names,
  part = 'details',
}: {
  type: RecordType;
  record: RecordRow;
  names: Map<string, string>;
  /** details: everything but what the desk delivered; fulfilment: only that (shown under its own heading). */
  part?: 'details' | 'fulfilment';
}) {
  // Until the desk delivered something, the fields it will fill in (a requested expiry) are details.
  const fulfilment = part === 'fulfilment' || hasFulfilment(type, record) ? fulfilmentFieldNames(type) : [];
  const declared = [...Object.entries(type.fields), ...Object.entries(type.stamps), ...Object.entries(type.fulfilment)].map(([name, spec]) => ({
    name,
    label: spec.label,
    spec,
    help: spec.help,
  }));
  const requester = record[type.requesterField];
  const candidates =
    part === 'fulfilment'
      ? fulfilment.map((name) => declared.find((row) => row.name === name)).filter((row) => row !== undefined)
      : [...declared.filter((row) => !fulfilment.includes(row.name)), ...COMMON.map((c) => ({ ...c, spec: undefined, help: undefined }))];
  const rows = candidates.filter(
    (row) =>
      !isPlumbing(row.name) &&
      !isEmptyValue(record[row.name]) &&
      !(row.name === 'created_by' && record.created_by === requester) &&
      !(row.name === 'source_id' && record.entity_id),
  );
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      {rows.map((row) => {
        const wide = row.spec?.input === 'textarea';
        // A pending item's kind ("approval", "task") reads as a word, like the other enums.
        const spec = type.name === 'Pending' && row.name === 'type' ? { input: 'select' as const } : row.spec;
        return (
          <div key={row.name} className={wide ? 'sm:col-span-2' : ''}>
            <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400" title={row.help}>
              {row.label}
            </dt>
            <dd className="mt-0.5 text-sm text-zinc-900 dark:text-zinc-100" data-field={row.name}>
              <FieldValue name={row.name} spec={spec} value={record[row.name]} record={record} names={names} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
