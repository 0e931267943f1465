import type { Metadata } from 'next';
import { connection } from 'next/server';
import { MySessions } from '@/components/account/my-sessions';
import { PageHeader, Section } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listMyTokens } from '@/lib/security/my-tokens';

export const metadata: Metadata = { title: 'Sessions and tokens' };

export default async function SessionsPage() {
  await connection();
  const { caller } = await requireUser();
  const tokens = await listMyTokens(await contextForCaller(caller));
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="Sessions and tokens"
        description="Where you are signed in, and the API tokens issued to you. Revoking one stops it at once; revoking this session signs you out."
      />
      <Section>
        <MySessions tokens={tokens} />
      </Section>
    </div>
  );
}
