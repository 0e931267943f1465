import type { Metadata } from 'next';
import { Explorer } from '@/components/explorer/explorer';
import { explorerCatalog } from '@/components/explorer/catalog';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'API explorer' };

export default async function ExplorerPage() {
  const { user } = await requireUser();
  return (
    <>
      <PageHeader
        title="API explorer"
        description={
          <>
            Try every REST call as yourself, then copy it as SDK code or curl. The reference is{' '}
            <a href="/api/v1/openapi.json" className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">
              openapi.json
            </a>
            .
          </>
        }
      />
      <Explorer catalog={explorerCatalog()} email={user.email} />
    </>
  );
}
