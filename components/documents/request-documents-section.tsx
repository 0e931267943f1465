import { Section } from '@/components/ui/page-header';
import { hasRole } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { documentDeskRefusal, documentsOfRequest } from '@/lib/documents/documents';
import type { RecordRow } from '@/lib/operations/define';
import { screenFormatter } from '@/lib/preferences/screen-format';
import type { ActionButton } from '@/components/records/detail-data';
import { RequestDocuments } from './request-documents';

/** The "Documents" section of an HR request's page (requester, HR, admins; nobody else sees documents). */
export async function RequestDocumentsSection({
  ctx,
  record,
  title,
  requesterName,
  actions,
  approvalOpen,
}: {
  ctx: Ctx;
  record: RecordRow;
  title: string;
  requesterName: string | null;
  actions: ActionButton[];
  approvalOpen: boolean;
}) {
  const desk = hasRole(ctx.caller, 'hr', 'admin');
  const [documents, format] = await Promise.all([documentsOfRequest(ctx, record.id), screenFormatter(ctx)]);
  if (!desk && documents.length === 0) return null;
  // The same rule issueDocument and revokeDocument apply (HR or admin, never on their own request).
  const refusal = documentDeskRefusal(ctx.caller, record);
  const generate = !desk || record.status === 'rejected'
    ? null
    : refusal
      ? ({ allowed: false, reason: refusal } as const)
      : approvalOpen
        ? ({ allowed: false, reason: 'The document can be generated once the request’s approval is through.' } as const)
        : ({ allowed: true } as const);
  const canFulfil = actions.some((a) => a.resource === 'hr-requests' && a.action === 'fulfill' && !a.disabledReason);
  return (
    <Section title="Documents">
      <RequestDocuments
        hrRequestId={record.id}
        requestTitle={title}
        requesterName={requesterName}
        generate={generate}
        canFulfil={canFulfil}
        canRevoke={refusal === null}
        documents={documents.map((d) => ({
          id: d.id,
          title: d.title,
          issuedAt: d.issued_at,
          issuedLabel: format.dateTime(d.issued_at),
          signerName: d.signer_name,
          code: d.verification_code,
          revoked: d.revoked_at !== null,
          revokedLabel: d.revoked_at ? format.dateTime(d.revoked_at) : null,
        }))}
      />
    </Section>
  );
}
