'use client';

import { parseAsString, useQueryStates } from 'nuqs';
import type { ResourceInfo } from './catalog';
import { OperationPicker } from './operation-picker';
import { Workbench } from './workbench';

/** The API explorer: resource, operation and id live in the URL (/explorer?resource=travel&operation=create). */
export function Explorer({ catalog, email }: { catalog: ResourceInfo[]; email: string }) {
  const [state, setState] = useQueryStates(
    {
      resource: parseAsString.withDefault(catalog[0].resource),
      operation: parseAsString.withDefault('list'),
      id: parseAsString.withDefault(''),
    },
    { history: 'replace' },
  );
  const resource = catalog.find((r) => r.resource === state.resource) ?? catalog[0];
  const operation = resource.operations.find((o) => o.key === state.operation) ?? resource.operations[0];

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
      <aside className="min-w-0 lg:sticky lg:top-4 lg:self-start">
        <OperationPicker
          catalog={catalog}
          resource={resource}
          operation={operation.key}
          onResource={(next) => {
            const target = catalog.find((r) => r.resource === next);
            const keep = target?.operations.some((o) => o.key === operation.key);
            void setState({ resource: next, operation: keep ? operation.key : 'list', id: null }, { history: 'push' });
          }}
          onOperation={(next) => void setState({ operation: next }, { history: 'push' })}
        />
      </aside>
      <Workbench
        key={`${resource.resource}:${operation.key}`}
        resource={resource}
        operation={operation}
        id={state.id}
        onId={(next) => void setState({ id: next || null })}
        email={email}
      />
    </div>
  );
}
