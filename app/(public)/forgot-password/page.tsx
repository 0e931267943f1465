import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/people/forgot-password-form';
import { PublicCard } from '@/components/people/public-card';

export const metadata: Metadata = { title: 'Forgot password', referrer: 'no-referrer' };

export default function ForgotPasswordPage() {
  return (
    <PublicCard title="Forgot your password?" subtitle="We email you a link to choose a new one.">
      <ForgotPasswordForm />
    </PublicCard>
  );
}
