import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PreferencesForm } from '@/components/notifications/preferences-form';
import { PageHeader, Section } from '@/components/ui/page-header';
import { NOTIFICATION_KINDS } from '@/db/schema';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { getMyPreferences, KIND_LABELS } from '@/lib/notifications/preferences';

export const metadata: Metadata = { title: 'Notification preferences' };

export default async function NotificationPreferencesPage() {
  await connection();
  const { caller } = await requireUser();
  const preferences = await getMyPreferences(await contextForCaller(caller));
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Notification preferences" description="Choose which events also reach you by email, or one digest a day." />
      <Section>
        <PreferencesForm initial={preferences} kinds={NOTIFICATION_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind] }))} />
      </Section>
    </div>
  );
}
