import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { PolicyWorkspace } from '@/components/settings/policies/policy-workspace';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { allGroups } from '@/lib/directory/groups';
import { typeByResource } from '@/lib/operations/registry';
import { POLICY_RESOURCES, type PolicyResource } from '@/lib/policies/policy';
import { policyVersions } from '@/lib/policies/store';

export const metadata: Metadata = { title: 'Approval policies' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function resourceOf(raw: unknown): PolicyResource {
  return (POLICY_RESOURCES as readonly string[]).includes(String(raw)) ? (raw as PolicyResource) : 'access-requests';
}

/** Approval policies (admins): one tab per record type, each with its step builder, dry run, versions and diff. */
export default async function PoliciesPage({ searchParams }: Props) {
  await connection();
  const { caller } = await requireUser();
  if (!isAdmin(caller)) {
    return (
      <div className="mx-auto max-w-xl pt-10" data-testid="forbidden">
        <EmptyState
          icon={ShieldAlert}
          title="Approval policies are for admins"
          description="Only people with the admin role can change who approves requests. Ask an admin of your organisation if a request should go to someone else."
          action={<ButtonLink href="/">Back to home</ButtonLink>}
        />
      </div>
    );
  }
  const resource = resourceOf((await searchParams).resource);
  const type = typeByResource(resource)!;
  const ctx = await contextForCaller(caller);
  const [versions, people, groups] = await Promise.all([policyVersions(ctx, resource), listPeople(ctx), allGroups(ctx)]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const rows = versions.map((v) => ({ version: v.version, steps: v.steps, created_at: v.created_at, created_by_name: v.created_by ? (nameOf.get(v.created_by) ?? 'Someone no longer here') : null }));

  return (
    <div className="mx-auto max-w-5xl">
      <Breadcrumbs items={[{ href: '/settings', label: 'Settings' }, { label: 'Approval policies' }]} />
      <PageHeader
        title="Approval policies"
        description="Who approves each kind of request, in order. Every save is a new version: requests already waiting keep the chain they started with."
      />
      <nav aria-label="Record types" className="mb-4 flex flex-wrap gap-1">
        {POLICY_RESOURCES.map((r) => {
          const current = r === resource;
          return (
            <Link
              key={r}
              href={`/settings/policies?resource=${r}`}
              aria-current={current ? 'page' : undefined}
              className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${
                current ? 'bg-zinc-900 text-white dark:bg-white dark:text-zinc-900' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
              }`}
            >
              {typeByResource(r)!.plural}
            </Link>
          );
        })}
      </nav>
      <Section title={`${type.plural}: who approves`}>
        {resource === 'hr-requests' && rows[0].steps.length === 0 && (
          <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
            No approval steps yet: HR requests go straight to the HR desk. Add a step to have them approved first.
          </p>
        )}
        <PolicyWorkspace
          key={`${resource}:${rows[0].version}`}
          resource={resource}
          versions={rows}
          people={people.map((p) => ({ id: p.id, name: p.name }))}
          groups={groups.map((g) => ({ id: g.id, name: g.name }))}
        />
      </Section>
    </div>
  );
}
