import type { Metadata } from 'next';
import { inSentence } from '@/lib/format';
import { isAdmin } from '@/lib/auth/caller';
import { listPeople } from '@/lib/data/people';
import { catalogueFor } from '@/lib/directory/systems';
import { canUpdate } from '@/lib/operations/permissions';
import { getRecord } from '@/lib/operations/service';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { RecordForm } from '@/components/records/record-form';
import { Lock } from 'lucide-react';

import { orNotFound, recordPageContext } from '@/components/records/page-context';

type Props = { params: Promise<{ resource: string; id: string }> };

export const metadata: Metadata = { title: 'Edit' };

export default async function EditRecordPage({ params }: Props) {
  const { resource, id } = await params;
  const { type, ctx, caller } = await recordPageContext(resource);
  const record = await orNotFound(getRecord(ctx, type, id));
  const [directory, catalogue] = await Promise.all([listPeople(ctx), catalogueFor(ctx, type.resource)]);
  const people = directory.map((p) => ({ id: p.id, name: p.name }));
  const title = type.title(record);
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ href: `/${type.resource}`, label: type.plural }, { href: `/${type.resource}/${id}`, label: title }, { label: 'Edit' }]} />
      <PageHeader title={`Edit ${inSentence(type.singular)}`} description={title} />
      {canUpdate(type, caller, record) ? (
        <RecordForm resource={type.resource} mode="edit" admin={isAdmin(caller)} people={people} record={record} catalogue={catalogue} />
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
