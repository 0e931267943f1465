'use client';

import type { ResourceInfo } from './catalog';
import { MethodBadge } from './method-badge';
import { inputClasses } from '@/components/ui/field';

/** Resource select and the list of its operations (CRUD, then the type's actions). */
export function OperationPicker({
  catalog,
  resource,
  operation,
  onResource,
  onOperation,
}: {
  catalog: ResourceInfo[];
  resource: ResourceInfo;
  operation: string;
  onResource: (resource: string) => void;
  onOperation: (operation: string) => void;
}) {
  const crud = resource.operations.filter((o) => o.kind !== 'action');
  const actions = resource.operations.filter((o) => o.kind === 'action');
  const item = (o: ResourceInfo['operations'][number]) => {
    const selected = o.key === operation;
    return (
      <li key={o.key}>
        <button
          type="button"
          onClick={() => onOperation(o.key)}
          aria-current={selected ? 'true' : undefined}
          data-operation={o.key}
          className={`flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm transition-colors ${
            selected
              ? 'bg-accent-50 font-medium text-accent-700 ring-1 ring-accent-600/20 dark:bg-accent-500/15 dark:text-accent-100'
              : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
          }`}
        >
          <MethodBadge method={o.method} />
          <span className={`truncate ${o.kind === 'action' ? 'font-mono text-[13px]' : ''}`}>{o.kind === 'action' ? o.key : o.label.split(' ')[0]}</span>
        </button>
      </li>
    );
  };
  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="explorer-resource" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
          Resource
        </label>
        <select id="explorer-resource" className={`${inputClasses} mt-1`} value={resource.resource} onChange={(e) => onResource(e.target.value)}>
          {catalog.map((r) => (
            <option key={r.resource} value={r.resource}>
              {r.plural} ({r.resource})
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{resource.description}</p>
      </div>
      <nav aria-label="Operations">
        <h2 className="px-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Operations</h2>
        <ul className="mt-1 space-y-0.5">{crud.map(item)}</ul>
        {actions.length > 0 && (
          <>
            <h2 className="mt-3 px-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Actions</h2>
            <ul className="mt-1 space-y-0.5">{actions.map(item)}</ul>
          </>
        )}
      </nav>
    </div>
  );
}
