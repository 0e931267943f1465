import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import type { Ctx } from '@/lib/data/context';
import { listPeople } from '@/lib/data/people';
import { allGroups } from '@/lib/directory/groups';
import { typeByResource } from '@/lib/operations/registry';
import { describePolicy } from '@/lib/policies/policy';
import { listPolicies } from '@/lib/policies/store';
import { screenFormatter } from '@/lib/preferences/screen-format';

/** The settings screen's summary of the approval policies: each type's policy as a sentence, linking to its editor. */
export async function PoliciesSummary({ ctx }: { ctx: Ctx }) {
  const [policies, people, groups, format] = await Promise.all([listPolicies(ctx), listPeople(ctx), allGroups(ctx), screenFormatter(ctx)]);
  const person = new Map(people.map((p) => [p.id, p.name]));
  const group = new Map(groups.map((g) => [g.id, g.name]));
  const names = { person: (id: string) => person.get(id) ?? 'someone', group: (id: string) => group.get(id) ?? 'a group', money: format.threshold };
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Who approves each kind of request. The travel approval threshold is now a condition of the travel policy.
      </p>
      <dl className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {policies.map((policy) => {
          const type = typeByResource(policy.resource)!;
          return (
            <div key={policy.resource} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:gap-4" data-testid={`policy-summary-${policy.resource}`}>
              <dt className="shrink-0 text-sm font-medium sm:w-40">
                <Link href={`/settings/policies?resource=${policy.resource}`} className="hover:underline">
                  {type.plural}
                </Link>
              </dt>
              <dd className="text-sm text-zinc-700 dark:text-zinc-300">
                {policy.resource === 'hr-requests' && policy.steps.length === 0
                  ? 'No approval steps: straight to the HR desk.'
                  : describePolicy(policy.steps, type, names)}
                <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">v{policy.version}</span>
              </dd>
            </div>
          );
        })}
      </dl>
      <ButtonLink href="/settings/policies">Edit approval policies</ButtonLink>
    </div>
  );
}
