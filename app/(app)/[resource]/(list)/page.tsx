import { FileSearch, Plus } from 'lucide-react';
import { inSentence } from '@/lib/format';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { AppError } from '@/lib/errors';
import { listRecords, type ListPage } from '@/lib/operations/list';
import { hasWithdrawnView, parseScreenListQuery, WITHDRAWN_SCOPE } from '@/lib/operations/withdrawn';
import { typeByResource } from '@/lib/operations/registry';
import { ButtonLink, buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { columnsOf } from '@/components/records/columns';
import { FormAlert } from '@/components/records/form-alert';
import { ListToolbar } from '@/components/records/list-toolbar';
import { listHref, nextPageHref, pickListParams, previousPageHref } from '@/components/records/list-params';
import { offersNewForm } from '@/components/records/page-context';
import { RecordsTable } from '@/components/records/records-table';
import { enumFiltersOf } from '@/components/records/schema-fields';
import Link from 'next/link';

const PAGE_SIZE = 25;

type Props = { params: Promise<{ resource: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const type = typeByResource((await params).resource);
  return { title: type?.plural ?? 'Not found' };
}

export default async function RecordListPage({ params, searchParams }: Props) {
  await connection();
  const type = typeByResource((await params).resource);
  if (!type) notFound();
  const { caller } = await requireUser();
  const ctx = await contextForCaller(caller);
  const listParams = pickListParams(type, await searchParams);
  const { back: _back, ...queryParams } = listParams;

  let page: ListPage = { data: [], next_cursor: null };
  let problem: AppError | null = null;
  try {
    page = await listRecords(ctx, type, parseScreenListQuery(type, { ...queryParams, limit: String(PAGE_SIZE) }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error;
  }
  const people = await listPeople(ctx);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const filters = enumFiltersOf(type);
  const filtered = !!listParams.q || Object.keys(type.filters).some((name) => listParams[name]);
  const scopeAll = listParams.scope === 'all';
  const scopeWithdrawn = listParams.scope === WITHDRAWN_SCOPE && hasWithdrawnView(type);
  const previous = previousPageHref(type.resource, listParams);
  const exportQuery = new URLSearchParams(Object.fromEntries(Object.entries(queryParams).filter(([k]) => k !== 'cursor'))).toString();
  const newLabel = `New ${inSentence(type.singular)}`;
  const canFile = offersNewForm(type, caller);

  return (
    <div>
      <PageHeader
        title={type.plural}
        description={type.description}
        actions={
          canFile && (
            <ButtonLink href={`/${type.resource}/new`} variant="primary">
              <Plus className="size-4" aria-hidden /> {newLabel}
            </ButtonLink>
          )
        }
      />
      <ListToolbar filters={filters} plural={type.plural} withdrawnView={hasWithdrawnView(type)} exportHref={`/${type.resource}/export${exportQuery ? `?${exportQuery}` : ''}`} />
      {problem ? (
        <FormAlert title="This list could not be shown" detail={problem.message} errors={problem.errors} />
      ) : page.data.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={FileSearch}
            title={`No ${type.plural.toLowerCase()} match`}
            description="Try a different search or fewer filters."
            action={
              <Link href={listHref(type.resource, { scope: listParams.scope ?? '' }, {})} className={buttonClasses('secondary')}>
                Clear filters
              </Link>
            }
          />
        ) : scopeWithdrawn ? (
          <EmptyState
            icon={FileSearch}
            title={`No withdrawn ${inSentence(type.plural)}`}
            description={`What ${isAdmin(caller) ? 'anyone' : 'you'} withdraw${isAdmin(caller) ? 's' : ''} stays findable here, read-only.`}
            action={<ButtonLink href={listHref(type.resource, {}, {})}>Back to {inSentence(type.plural)}</ButtonLink>}
          />
        ) : (
          <EmptyState
            icon={FileSearch}
            title={scopeAll ? `No ${type.plural.toLowerCase()} yet` : `You have no ${type.plural.toLowerCase()} yet`}
            description={
              scopeAll
                ? `Nothing you can see has been filed.${canFile ? ' File the first one.' : ''}`
                : canFile
                  ? `File one in under a minute, or look at everything you can see.`
                  : `Look at everything you can see.`
            }
            action={
              <div className="flex flex-wrap justify-center gap-2">
                {canFile && (
                  <ButtonLink href={`/${type.resource}/new`} variant="primary">
                    <Plus className="size-4" aria-hidden /> {newLabel}
                  </ButtonLink>
                )}
                {!scopeAll && <ButtonLink href={listHref(type.resource, listParams, { scope: 'all' })}>Show all I can see</ButtonLink>}
              </div>
            }
          />
        )
      ) : (
        <>
          <RecordsTable type={type} rows={page.data} columns={columnsOf(type)} params={listParams} names={names} />
          <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400">
            <p>
              {page.data.length} {page.data.length === 1 ? 'row' : 'rows'} on this page
            </p>
            <div className="flex gap-2">
              {previous ? (
                <ButtonLink href={previous} size="sm" scroll={false}>
                  Previous
                </ButtonLink>
              ) : (
                <span className={buttonClasses('secondary', 'sm', 'pointer-events-none opacity-50')} aria-disabled="true">
                  Previous
                </span>
              )}
              {page.next_cursor ? (
                <ButtonLink href={nextPageHref(type.resource, listParams, page.next_cursor)} size="sm" scroll={false}>
                  Next
                </ButtonLink>
              ) : (
                <span className={buttonClasses('secondary', 'sm', 'pointer-events-none opacity-50')} aria-disabled="true">
                  Next
                </span>
              )}
            </div>
          </nav>
        </>
      )}
    </div>
  );
}
