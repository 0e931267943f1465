import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { CurrencySetting } from '@/components/settings/currency-setting';
import { IntegrationKeys } from '@/components/settings/integration-keys';
import { JobsPanel } from '@/components/settings/jobs-panel';
import { SecurityLog } from '@/components/settings/security-log';
import { GroupsTable } from '@/components/settings/groups-table';
import { PeopleTable } from '@/components/settings/people-table';
import { ProvisioningSettings } from '@/components/settings/provisioning-settings';
import { PoliciesSummary } from '@/components/settings/policies/policies-summary';
import { SlaSettingsForm } from '@/components/settings/sla-settings';
import { SystemsTable } from '@/components/settings/systems-table';
import { WebhooksPanel } from '@/components/settings/webhooks-panel';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import type { Ctx } from '@/lib/data/context';
import { contextForCaller } from '@/lib/data/database';
import { allGroups } from '@/lib/directory/groups';
import { allSystems } from '@/lib/directory/systems';
import { isAppError } from '@/lib/errors';
import { jobsPanelPage } from '@/lib/jobs/admin';
import { getSettings } from '@/lib/operations/settings';
import { config } from '@/lib/config';
import { publicBaseUrl } from '@/lib/notifications/compose';
import { getPeopleSettings } from '@/lib/people/settings';
import { currencyChoices } from '@/lib/preferences/choices';
import { tenantCurrency } from '@/lib/preferences/preferences';
import { listSecurityEvents, parseSecurityEventsQuery } from '@/lib/security/list-events';
import { getSlaSettings } from '@/lib/sla/settings';
import { listEndpoints } from '@/lib/webhooks/endpoints';

export const metadata: Metadata = { title: 'Settings' };

/** The security log's page for the filters in the URL; a bad filter shows its message over an empty log. */
async function securityLogPage(ctx: Ctx, params: Record<string, string | string[] | undefined>) {
  const query = Object.fromEntries(
    ['kind', 'actor_id', 'from', 'to', 'cursor'].flatMap((name) => (typeof params[name] === 'string' && params[name] ? [[name, params[name]]] : [])),
  );
  try {
    return { ...(await listSecurityEvents(ctx, parseSecurityEventsQuery(query))), error: null };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { data: [], next_cursor: null, error: error.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') || error.message };
  }
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { user, caller } = await requireUser();
  if (!isAdmin(caller)) {
    return (
      <div className="mx-auto max-w-xl pt-10" data-testid="forbidden">
        <EmptyState
          icon={ShieldAlert}
          title="Settings are for admins"
          description="Only people with the admin role can manage integration keys, approval policies, people, groups and the systems catalogue. Ask an admin of your organisation if something needs changing."
          action={<ButtonLink href="/">Back to home</ButtonLink>}
        />
      </div>
    );
  }
  const ctx = await contextForCaller(caller);
  const params = await searchParams;
  const [settings, security, groups, systems, jobs, sla, peopleSettings, webhooks, currency] = await Promise.all([
    getSettings(ctx),
    securityLogPage(ctx, params),
    allGroups(ctx),
    allSystems(ctx),
    jobsPanelPage(ctx, params.jobs_state),
    getSlaSettings(ctx),
    getPeopleSettings(ctx),
    listEndpoints(ctx),
    tenantCurrency(ctx),
  ]);
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader title="Settings" description={`${settings.tenantName}: organisation, integration keys, approval policies, document templates, people, approver groups, the systems catalogue, SLAs, webhooks, jobs and the security log.`} />
      <Section title="Organisation">
        <CurrencySetting initial={currency} choices={currencyChoices()} />
      </Section>
      <Section title="Integration keys">
        <IntegrationKeys applications={settings.applications} keys={settings.keys} adminRoles={[...user.roles]} />
      </Section>
      <Section title="Approval policies">
        <PoliciesSummary ctx={ctx} />
      </Section>
      <Section title="Document templates" actions={<ButtonLink href="/settings/document-templates" size="sm">Edit templates</ButtonLink>}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The letters HR generates for HR requests (employment letter, certificate, verification, document, other): their text with placeholders, language, signatory, and your letterhead.
        </p>
      </Section>
      <Section title="People">
        <PeopleTable people={settings.people} selfId={user.personId} systems={systems.map((s) => ({ id: s.id, name: s.name }))} />
      </Section>
      <Section title="Sign-in and provisioning">
        <ProvisioningSettings settings={peopleSettings} scimUrl={`${publicBaseUrl()}/scim/v2`} ssoConfigured={!!config.oidc} />
      </Section>
      <Section title="Groups">
        <GroupsTable groups={groups} people={settings.people} />
      </Section>
      <Section title="Systems">
        <SystemsTable systems={systems} people={settings.people} />
      </Section>
      <div id="sla">
        <Section title="SLAs">
          <SlaSettingsForm initial={sla} />
        </Section>
      </div>
      <div id="webhooks">
        <Section title="Webhooks">
          <WebhooksPanel endpoints={webhooks.data} />
        </Section>
      </div>
      <div id="jobs">
        <Section title="Jobs">
          <JobsPanel page={jobs.page} state={jobs.state} error={jobs.error} />
        </Section>
      </div>
      <Section title="Security">
        <SecurityLog events={security.data} nextCursor={security.next_cursor} people={settings.people} error={security.error} />
      </Section>
    </div>
  );
}
