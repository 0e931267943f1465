import type { RecordRow, RecordType } from '@/lib/operations/define';
import { humanize } from '@/lib/format';
import { FieldValue } from './field-value';

const COMMON: { name: string; label: string }[] = [
  { name: 'created_by', label: 'Filed by' },
  { name: 'created_at', label: 'Created' },
  { name: 'updated_at', label: 'Updated' },
  { name: 'source_type', label: 'Source' },
  { name: 'tags', label: 'Tags' },
];

/** Every field of the record: its own fields, the lifecycle stamps, and the common ones. */
export function FieldList({ type, record, names }: { type: RecordType; record: RecordRow; names: Map<string, string> }) {
  const own = Object.entries(type.fields).map(([name, spec]) => ({ name, label: spec.label, spec, help: spec.help }));
  const stamps = Object.entries(type.stamps)
    .filter(([name]) => record[name] !== null && record[name] !== undefined)
    .map(([name, spec]) => ({ name, label: spec.label, spec, help: spec.help }));
  const rows = [...own, ...stamps, ...COMMON.map((c) => ({ ...c, spec: undefined, help: undefined }))];
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      {rows.map((row) => {
        const wide = row.spec?.input === 'textarea';
        return (
          <div key={row.name} className={wide ? 'sm:col-span-2' : ''}>
            <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400" title={row.help}>
              {row.label}
            </dt>
            <dd className="mt-0.5 text-sm text-zinc-900 dark:text-zinc-100" data-field={row.name}>
              {row.name === 'source_type' ? humanize(String(record.source_type ?? '')) : <FieldValue name={row.name} spec={row.spec} value={record[row.name]} record={record} names={names} />}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
