'use client';

import { useState } from 'react';
import type { PolicyResource, PolicyStep } from '@/lib/policies/policy';
import { PolicyEditor } from './policy-editor';
import { PolicyVersions, type VersionRow } from './policy-versions';
import type { Named } from './step-row';

/** One record type's policy: the step builder (with its dry run) over the list of versions and their diff. */
export function PolicyWorkspace({ resource, versions, people, groups }: { resource: PolicyResource; versions: VersionRow[]; people: Named[]; groups: Named[] }) {
  const [loaded, setLoaded] = useState<{ steps: PolicyStep[] } | null>(null);
  const current = versions[0];
  return (
    <>
      <PolicyEditor resource={resource} version={current.version} steps={current.steps} people={people} groups={groups} loaded={loaded} />
      <PolicyVersions
        resource={resource}
        versions={versions}
        people={people}
        groups={groups}
        onStartFrom={(steps) => {
          setLoaded({ steps });
          window.scrollTo({ top: 0, behavior: 'smooth' });
          document.getElementById('steps-0-kind')?.focus({ preventScroll: true });
        }}
      />
    </>
  );
}
