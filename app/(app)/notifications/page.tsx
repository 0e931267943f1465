import type { Metadata } from 'next';
import { NotificationList } from '@/components/notifications/notification-list';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader, Section } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  await requireUser();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Notifications"
        description="What waits on you and how your requests move, newest first."
        actions={<ButtonLink href="/notifications/preferences" size="sm">Email preferences</ButtonLink>}
      />
      <Section>
        <NotificationList />
      </Section>
    </div>
  );
}
