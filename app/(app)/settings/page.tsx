import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { IntegrationKeys } from '@/components/settings/integration-keys';
import { PeopleTable } from '@/components/settings/people-table';
import { ThresholdForm } from '@/components/settings/threshold-form';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { getSettings } from '@/lib/operations/settings';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await connection();
  const { user, caller } = await requireUser();
  if (!isAdmin(caller)) {
    return (
      <div className="mx-auto max-w-xl pt-10" data-testid="forbidden">
        <EmptyState
          icon={ShieldAlert}
          title="Settings are for admins"
          description="Only people with the admin role can manage integration keys, the approval threshold and people. Ask an admin of your organisation if something needs changing."
          action={<ButtonLink href="/">Back to home</ButtonLink>}
        />
      </div>
    );
  }
  const settings = await getSettings(await contextForCaller(caller));
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader title="Settings" description={`${settings.tenantName}: integration keys, the approval threshold and people.`} />
      <Section title="Integration keys">
        <IntegrationKeys applications={settings.applications} keys={settings.keys} adminRoles={[...user.roles]} />
      </Section>
      <Section title="Travel approval threshold">
        <ThresholdForm threshold={settings.threshold} />
      </Section>
      <Section title="People">
        <PeopleTable people={settings.people} selfId={user.personId} />
      </Section>
    </div>
  );
}
