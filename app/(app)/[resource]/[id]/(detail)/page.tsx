import type { Metadata } from 'next';
import Link from 'next/link';
import { actionsFrom } from '@/lib/operations/define';
import { hasFulfilment } from '@/lib/operations/fulfilment';
import { typeByResource } from '@/lib/operations/registry';
import { RelativeTime } from '@/components/ui/relative-time';
import { Section } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { ApprovalChain, NowWith } from '@/components/records/approval-chain';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { CommentForm } from '@/components/records/comments';
import { loadDetail } from '@/components/records/detail-data';
import { FieldList } from '@/components/records/field-list';
import { personName } from '@/components/records/field-value';
import { InfoRequestPanel } from '@/components/records/info-request';
import { RecordActions } from '@/components/records/record-actions';
import { RequestDocumentsSection } from '@/components/documents/request-documents-section';
import { History, Timeline, type AuditEvent } from '@/components/records/timeline';
import { WithdrawnBanner } from '@/components/records/withdrawn-banner';
import { hasWithdrawnView, WITHDRAWN_SCOPE } from '@/lib/operations/withdrawn';
import { screenFormatter } from '@/lib/preferences/screen-format';

import { orNotFound, recordPageContext } from '@/components/records/page-context';

type Props = { params: Promise<{ resource: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { resource, id } = await params;
  const type = typeByResource(resource);
  return { title: type ? `${type.singular} ${id}` : 'Not found' };
}

export default async function RecordDetailPage({ params }: Props) {
  const { resource, id } = await params;
  const { type, ctx } = await recordPageContext(resource);
  const [detail, format] = await Promise.all([orNotFound(loadDetail(ctx, type, id)), screenFormatter(ctx)]);
  const { record, names, audit, chain, openItems, comments, infoRequest, withdrawal } = detail;
  const title = type.title(record);
  const events = audit as unknown as AuditEvent[];
  const requesterId = record[type.requesterField] as string | null;
  // What the desk delivered (booking, shipment, grant) comes first once there is any of it.
  const delivered = hasFulfilment(type, record);
  const final = actionsFrom(type, record.status).length === 0 && !type.statusMachine?.[record.status]?.length;
  // A revocation the engine filed (lib/expiry/revoke.ts) names the grant it ends.
  const tags = record.tags as { revokes?: unknown } | null;
  const revokes = type.name === 'AccessRequest' && record.created_by === null && typeof tags?.revokes === 'string' ? tags.revokes : null;

  return (
    <div>
      <Breadcrumbs items={[{ href: `/${type.resource}`, label: type.plural }, { label: title }]} />
      <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">{title}</h1>
            <StatusBadge status={withdrawal ? 'withdrawn' : record.status} />
          </div>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {type.singular} for {requesterId ? personName(names, requesterId) : 'nobody in particular'} · filed <RelativeTime iso={record.created_at as string} />
          </p>
        </div>
      </div>
      {withdrawal && <WithdrawnBanner withdrawal={withdrawal} names={names} format={format} listHref={`/${type.resource}?scope=${WITHDRAWN_SCOPE}`} plural={type.plural} />}

      {/* Two columns from lg up (fields left, actions and history right). On a phone one column: what to
          do now first, then the record, then the chain and the timeline. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="contents lg:col-span-2 lg:block lg:min-w-0 lg:space-y-6">
          {delivered && (
            <Section title="Fulfilment">
              <FieldList type={type} record={record} names={names} part="fulfilment" />
            </Section>
          )}
          <Section title="Details">
            {revokes && (
              <p className="mb-4 rounded-lg border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950 dark:border-blue-500/30 dark:bg-blue-400/10 dark:text-blue-100" data-testid="revokes">
                Filed by Opsdesk to end{' '}
                <Link href={`/access-requests/${revokes}`} className="font-medium underline underline-offset-2">
                  the access it revokes
                </Link>
                {' '}— approved already; the IT desk removes the access and marks it done.
              </p>
            )}
            <FieldList type={type} record={record} names={names} />
          </Section>
          <Section title={`Comments${comments.length ? ` (${comments.length})` : ''}`}>
            {comments.length > 0 && (
              <ul className="mb-4 space-y-3">
                {comments.map((comment) => (
                  <li key={comment.id} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
                    <p className="text-xs text-zinc-600 dark:text-zinc-400">
                      <span className="font-medium text-zinc-900 dark:text-zinc-100">{personName(names, comment.author_id)}</span> ·{' '}
                      <RelativeTime iso={comment.created_at} />
                    </p>
                    <p className="mt-1 whitespace-pre-wrap text-sm text-zinc-800 dark:text-zinc-200">{comment.body}</p>
                  </li>
                ))}
              </ul>
            )}
            {withdrawal ? comments.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No comments.</p> : <CommentForm resource={type.resource} id={record.id} />}
          </Section>
          <Section title="History">
            <History type={type} events={events} names={names} decisions={chain?.decisions ?? []} />
          </Section>
        </div>

        <div className="contents lg:block lg:min-w-0 lg:space-y-6">
          <Section title="Actions" className="max-lg:order-first">
            {withdrawal ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Withdrawn: nothing more happens to it.</p>
            ) : (
              <div className="space-y-4">
                {infoRequest ? (
                  <InfoRequestPanel request={infoRequest} viewerId={ctx.caller.personId} names={names} />
                ) : (
                  <NowWith chain={chain} openItems={openItems} names={names} since={record.created_at as string} status={record.status} final={final} />
                )}
                <RecordActions
                  resource={type.resource}
                  id={record.id}
                  title={title}
                  actions={detail.actions}
                  canEdit={detail.canEdit}
                  canWithdraw={detail.canWithdraw}
                  withdrawLabel={type.name === 'Pending' ? 'Delete' : 'Withdraw'}
                  withdrawnHref={hasWithdrawnView(type) ? `/${type.resource}?scope=${WITHDRAWN_SCOPE}` : undefined}
                  statusMoves={detail.statusMoves}
                />
              </div>
            )}
          </Section>
          {type.name === 'HRRequest' && (
            <RequestDocumentsSection
              ctx={ctx}
              record={record}
              title={title}
              requesterName={requesterId ? personName(names, requesterId) : null}
              actions={detail.actions}
              approvalOpen={!!chain && chain.status !== 'completed'}
            />
          )}
          {chain && (
            <Section title="Approval chain">
              <ApprovalChain chain={chain} names={names} />
            </Section>
          )}
          <Section title="Timeline">
            <Timeline type={type} events={events} names={names} decisions={chain?.decisions ?? []} />
          </Section>
        </div>
      </div>
    </div>
  );
}
