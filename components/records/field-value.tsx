import Link from 'next/link';
import type { FieldSpec } from '@/lib/operations/define';
import { typeByName } from '@/lib/operations/registry';
import { humanize, inSentence } from '@/lib/format';
import { DateTime, Money } from '@/components/ui/formatted';
import { RelativeTime } from '@/components/ui/relative-time';

const none = <span className="text-zinc-400">—</span>;

/** A person id the directory does not name (someone removed, an integration): never the raw id. */
export const UNKNOWN_PERSON = 'Someone outside the directory';

/** What the detail screens call a person: their name, never their id. */
export function personName(names: Map<string, string>, id: string | null | undefined): string {
  return (id && names.get(id)) || UNKNOWN_PERSON;
}

/** One stored value as a person reads it: names not ids, dates and money formatted, enums in words. */
export function FieldValue({ name, spec, value, record, names }: { name: string; spec?: Pick<FieldSpec, 'input'>; value: unknown; record: Record<string, unknown>; names: Map<string, string> }) {
  if (value === null || value === undefined || value === '') return none;
  const input = spec?.input;
  if (input === 'person' || name === 'created_by' || name === 'updated_by' || name === 'deleted_by') {
    return <span>{personName(names, String(value))}</span>;
  }
  if (input === 'datetime' || name.endsWith('_at')) {
    return (
      <span>
        <DateTime iso={String(value)} /> <span className="text-zinc-500 dark:text-zinc-400">· <RelativeTime iso={String(value)} /></span>
      </span>
    );
  }
  if (input === 'money') return <Money amount={Number(value)} />;
  if (input === 'select') return <span>{humanize(String(value))}</span>;
  if (input === 'url') {
    return (
      <a href={String(value)} className="break-all text-accent-700 underline hover:text-accent-600 dark:text-accent-100" rel="noreferrer noopener" target="_blank">
        {String(value)}
      </a>
    );
  }
  if (name === 'entity_id' && typeof record.entity_type === 'string') {
    const target = typeByName(record.entity_type);
    if (target) {
      return (
        <Link href={`/${target.resource}/${String(value)}`} className="text-accent-700 underline hover:text-accent-600 dark:text-accent-100">
          Open the {inSentence(target.singular)}
        </Link>
      );
    }
  }
  if (name === 'tags' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return none;
    return (
      <span className="flex flex-wrap gap-1">
        {entries.map(([k, v]) => (
          <span key={k} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
            {k}={typeof v === 'string' ? v : JSON.stringify(v)}
          </span>
        ))}
      </span>
    );
  }
  if (input === 'textarea') return <span className="whitespace-pre-wrap">{String(value)}</span>;
  if (typeof value === 'object') return <span className="font-mono text-xs">{JSON.stringify(value)}</span>;
  return <span className="break-words">{String(value)}</span>;
}
