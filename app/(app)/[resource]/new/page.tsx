import type { Metadata } from 'next';
import { inSentence } from '@/lib/format';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isAdmin } from '@/lib/auth/caller';
import { offersNewForm } from '@/components/records/page-context';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { catalogueFor } from '@/lib/directory/systems';
import { typeByResource } from '@/lib/operations/registry';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { RecordForm } from '@/components/records/record-form';

type Props = { params: Promise<{ resource: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const type = typeByResource((await params).resource);
  return { title: type ? `New ${inSentence(type.singular)}` : 'Not found' };
}

export default async function NewRecordPage({ params }: Props) {
  await connection();
  const type = typeByResource((await params).resource);
  if (!type) notFound();
  const { caller } = await requireUser();
  // A pending item's form asks for ids: admins file one by hand, everyone else meets theirs in the inbox.
  if (!offersNewForm(type, caller)) notFound();
  const ctx = await contextForCaller(caller);
  const [directory, catalogue] = await Promise.all([listPeople(ctx), catalogueFor(ctx, type.resource)]);
  const people = directory.map((p) => ({ id: p.id, name: p.name }));
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ href: `/${type.resource}`, label: type.plural }]} />
      <PageHeader title={`New ${inSentence(type.singular)}`} description={type.description} />
      <RecordForm resource={type.resource} mode="create" admin={isAdmin(caller)} people={people} catalogue={catalogue} />
    </div>
  );
}
