import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PublicCard } from '@/components/people/public-card';
import { SetPasswordForm } from '@/components/people/set-password-form';
import { describeResetLink } from '@/lib/people/password-reset';
import { LinkProblem } from '../link-problem';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  await connection();
  const { token } = await searchParams;
  const link = await describeResetLink(token);
  if (link.state !== 'valid') {
    return (
      <PublicCard title="Reset your password">
        <LinkProblem state={link.state} next="reset" />
      </PublicCard>
    );
  }
  return (
    <PublicCard title="Choose a new password" subtitle={`Hello ${link.name}. Saving it signs you out everywhere else.`}>
      <SetPasswordForm token={token!} mode="reset" />
    </PublicCard>
  );
}
