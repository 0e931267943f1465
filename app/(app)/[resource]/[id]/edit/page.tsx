import type { Metadata } from 'next';
import { inSentence } from '@/lib/format';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { AppError } from '@/lib/errors';
import { canUpdate } from '@/lib/operations/permissions';
import { typeByResource } from '@/lib/operations/registry';
import { getRecord } from '@/lib/operations/service';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { RecordForm } from '@/components/records/record-form';
import { Lock } from 'lucide-react';

type Props = { params: Promise<{ resource: string; id: string }> };

export const metadata: Metadata = { title: 'Edit' };

export default async function EditRecordPage({ params }: Props) {
  await connection();
  const { resource, id } = await params;
  const type = typeByResource(resource);
  if (!type) notFound();
  const { caller } = await requireUser();
  const ctx = await contextForCaller(caller);
  const record = await getRecord(ctx, type, id).catch((error) => {
    if (error instanceof AppError && error.kind === 'not_found') notFound();
    throw error;
  });
  const people = (await listPeople(ctx)).map((p) => ({ id: p.id, name: p.name }));
  const title = type.title(record);
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ href: `/${type.resource}`, label: type.plural }, { href: `/${type.resource}/${id}`, label: title }, { label: 'Edit' }]} />
      <PageHeader title={`Edit ${inSentence(type.singular)}`} description={title} />
      {canUpdate(type, caller, record) ? (
        <RecordForm resource={type.resource} mode="edit" admin={isAdmin(caller)} people={people} record={record} />
      ) : (
        <EmptyState
          icon={Lock}
          title="This request can no longer be edited"
          description={`Only the requester (while it is ${type.initialStatus}), the desk and admins may edit it. It is ${record.status.replace(/_/g, ' ')} now.`}
          action={<ButtonLink href={`/${type.resource}/${id}`}>Back to the request</ButtonLink>}
        />
      )}
    </div>
  );
}
