import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PublicCard } from '@/components/people/public-card';
import { SetPasswordForm } from '@/components/people/set-password-form';
import { config } from '@/lib/config';
import { openLink } from '@/lib/people/links';
import { LinkProblem } from '../link-problem';

export const metadata: Metadata = { title: 'Accept your invitation', referrer: 'no-referrer' };

/** Opening the link changes nothing (only the form's submission uses it). */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  await connection();
  const { token } = await searchParams;
  const opened = await openLink(token, 'invitation');
  if (opened.state !== 'valid' || !opened.link) {
    return (
      <PublicCard title="Invitation">
        <LinkProblem state={opened.state === 'valid' ? 'invalid' : opened.state} next="invitation" />
      </PublicCard>
    );
  }
  return (
    <PublicCard title={`Welcome to ${opened.link.tenantName}`} subtitle={`Hello ${opened.link.name}: set a password to finish your Opsdesk account.`}>
      <SetPasswordForm token={token!} mode="invitation" email={opened.link.email} oidcName={config.oidc?.name} />
    </PublicCard>
  );
}
