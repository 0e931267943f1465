/**
 * Issuing, reading and revoking HR documents (engine.md §7). One function per rule, called by the REST
 * handlers (lib/api/documents.ts) and the screens' server actions (lib/actions/documents.ts).
 *
 * - issueDocument: HR or an admin, on a visible HR request that is not rejected and whose approval is
 *   through, and never on their own request (separation of duties, as for every desk action). Fills the
 *   type's current template, renders the PDF, stores it and records the document in one transaction.
 * - readDocumentFile: the requester, HR and admins; anyone else — the requester's manager included —
 *   gets 404, exactly as for an id that does not exist.
 * - revokeDocument: HR or an admin, not on their own request (documentDeskRefusal, shared with issuing and
 *   the request's page). Documents are never changed otherwise (the database refuses it, migration 0022);
 *   a re-issue is a new document.
 * - The store (database or S3) failing is a 503, never a 500.
 */
import { emitWebhookEvent } from '@/lib/webhooks/events';
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { DocumentsTable, HrDocumentType, PeopleTable } from '@/db/schema';
import { hasRole, type Caller } from '@/lib/auth/caller';
import { within, type Ctx } from '@/lib/data/context';
import { AppError, forbidden, notFound } from '@/lib/errors';
import { approvalIsOpen } from '@/lib/operations/approvals';
import { stateConflict, type RecordRow } from '@/lib/operations/define';
import { writeAudit } from '@/lib/operations/audit';
import { findVisible } from '@/lib/operations/records';
import { hrRequest } from '@/lib/operations/types/hr-request';
import { isOwnRequest } from '@/lib/operations/separation';
import { newVerificationCode } from './codes';
import { documentUrl, verifyUrl } from './documents-url';
import { formatLetterDate } from './languages';
import { readLetterhead, type Letterhead } from './letterhead';
import { emptyPlaceholders, fillPlaceholders, type PlaceholderName, type PlaceholderValues } from './placeholders';
import { renderDocumentPdf } from './render-pdf';
import { activeStore, storeFor } from './storage';
import { currentTemplate, type DocumentTemplate } from './templates';

export type DocumentRow = Omit<Selectable<DocumentsTable>, 'tenant_id'>;

/** A document as the API answers it. */
export interface IssuedDocument {
  id: string;
  url: string;
  verification_code: string;
  issued_at: string;
  status: 'valid' | 'revoked';
}

export const DOCUMENT_COLUMNS = [
  'id', 'hr_request_id', 'person_id', 'person_name', 'issuer_name', 'document_type', 'template_version', 'language', 'title', 'verification_code', 'storage', 'storage_key',
  'byte_size', 'sha256', 'signer_name', 'signer_title', 'issued_by', 'issued_at', 'revoked_at', 'revoked_by',
] as const;

export function presentDocument(row: Pick<DocumentRow, 'id' | 'verification_code' | 'issued_at' | 'revoked_at'>): IssuedDocument {
  return { id: row.id, url: documentUrl(row.id), verification_code: row.verification_code, issued_at: new Date(row.issued_at).toISOString(), status: row.revoked_at ? 'revoked' : 'valid' };
}

function assertDesk(ctx: Ctx, what: string): void {
  if (!hasRole(ctx.caller, 'hr', 'admin')) throw forbidden(`Only HR and admins may ${what}.`);
}

/**
 * Why the caller may not produce or revoke documents of this HR request, or null when they may: HR and
 * admins only, and never on a request that is theirs or that they filed (engine.md §2, as every desk
 * action). issueDocument and revokeDocument throw it as their 403; the request's page shows it instead
 * of the buttons.
 */
export function documentDeskRefusal(caller: Caller, record: RecordRow): string | null {
  if (!hasRole(caller, 'hr', 'admin')) return 'Only HR and admins produce and revoke documents.';
  if (isOwnRequest(caller, (record.requester_id as string | null) ?? null, record.created_by)) {
    return 'Another member of HR produces and revokes the documents of your own request.';
  }
  return null;
}

/** A store that cannot be reached is the service being unavailable (503), never a 500. */
async function fromStore<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    console.error(`Document store: ${what} failed`, error);
    throw new AppError('unavailable', `The document store cannot be reached right now (${what}); try again later.`);
  }
}

/** Everything a document says, from the request, its requester, the template and the signer. */
export interface DocumentDraft {
  template: DocumentTemplate;
  letterhead: Letterhead;
  values: PlaceholderValues;
  title: string;
  body: string;
  signerName: string;
  signerTitle: string | null;
  /** Placeholders the template uses that have no value here (a person without a job title…). */
  missing: PlaceholderName[];
}

/** The requester's facts a letter may print. */
export type LetterPerson = Pick<Selectable<PeopleTable>, 'name' | 'title' | 'email' | 'started_on'>;

/**
 * A template filled for a person: the one place the person's facts, the letterhead, the date and the
 * signer become the placeholders' text — for a document, the dialog before it, and the editor's preview.
 */
export async function composeDraft(ctx: Ctx, template: DocumentTemplate, person: LetterPerson, description: string, issuedAt: string): Promise<DocumentDraft> {
  const [letterhead, me] = await Promise.all([
    readLetterhead(ctx),
    ctx.db.selectFrom('people').select(['name', 'title']).where('id', '=', ctx.caller.personId).executeTakeFirst(),
  ]);
  // The template's named signatory signs; without one, the HR person who generates the document.
  const signerName = template.signer_id ? (template.signer_name ?? '') : (me?.name ?? '');
  const signerTitle = template.signer_id ? template.signer_title : (me?.title ?? null);
  const values: PlaceholderValues = {
    'person.name': person.name,
    'person.title': person.title ?? '',
    'person.started_on': person.started_on ? formatLetterDate(person.started_on, template.language) : '',
    'person.email': person.email,
    'tenant.name': letterhead.name,
    'tenant.address': letterhead.address.replace(/\s*\n\s*/g, ', '),
    'request.description': description,
    today: formatLetterDate(issuedAt, template.language),
    'signer.name': signerName,
    'signer.title': signerTitle ?? '',
  };
  return {
    template,
    letterhead,
    values,
    title: fillPlaceholders(template.title, values),
    body: fillPlaceholders(template.body, values),
    signerName,
    signerTitle,
    missing: emptyPlaceholders([template.title, template.body], values),
  };
}

/** A draft as its PDF. */
export function renderDraft(draft: DocumentDraft, issue: { issuedAt: string; code: string; documentId: string }): Promise<Uint8Array> {
  return renderDocumentPdf({
    letterhead: draft.letterhead,
    title: draft.title,
    body: draft.body,
    language: draft.template.language,
    issuedAt: issue.issuedAt,
    signerName: draft.signerName,
    signerTitle: draft.signerTitle,
    code: issue.code,
    verifyUrl: verifyUrl(issue.code),
    documentId: issue.documentId,
  });
}

async function draftFor(ctx: Ctx, record: Record<string, unknown>, issuedAt: string): Promise<DocumentDraft> {
  const [template, person] = await Promise.all([
    currentTemplate(ctx, record.type as HrDocumentType),
    ctx.db.selectFrom('people').select(['name', 'title', 'email', 'started_on']).where('id', '=', String(record.requester_id)).executeTakeFirstOrThrow(),
  ]);
  return composeDraft(ctx, template, person, String(record.description ?? ''), issuedAt);
}

/** What generating would print, for the dialog before HR generates (names the missing values). */
export async function previewDocument(ctx: Ctx, hrRequestId: string): Promise<DocumentDraft> {
  assertDesk(ctx, 'generate documents');
  const record = await findVisible(ctx, hrRequest, hrRequestId);
  return draftFor(ctx, record, ctx.clock.now().toISOString());
}

/**
 * Generates the document of an HR request. Returns the stored row; the caller presents it.
 * Webhooks: `document.issued` is queued in this transaction (lib/webhooks/events.ts).
 */
export async function issueDocument(ctx: Ctx, hrRequestId: string): Promise<DocumentRow> {
  if (hrRequestId.includes('\u0000')) throw notFound('HR request');
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const record = await findVisible(tx, hrRequest, hrRequestId, { forUpdate: true });
    const refusal = documentDeskRefusal(ctx.caller, record);
    if (refusal) throw forbidden(refusal);
    if (record.status === 'rejected') throw stateConflict(hrRequest, record, 'This HR request was rejected; there is no document to produce.');
    if (await approvalIsOpen(tx, hrRequest, hrRequestId)) {
      throw stateConflict(hrRequest, record, 'This HR request is still waiting for its approval; the desk acts once it is through.');
    }

    const now = ctx.clock.now().toISOString();
    const draft = await draftFor(tx, record, now);
    const id = ctx.clock.id('doc');
    const code = newVerificationCode();
    const pdf = await renderDraft(draft, { issuedAt: now, code, documentId: id });
    const store = await fromStore('configuration', async () => activeStore());
    const key = `${ctx.db.tenantId}/${id}.pdf`;
    await fromStore('writing the PDF', () => store.put(tdb, key, pdf, 'application/pdf'));
    const row = await tdb
      .insertInto('documents', {
        id,
        hr_request_id: hrRequestId,
        person_id: String(record.requester_id),
        person_name: draft.values['person.name'],
        issuer_name: draft.letterhead.name,
        document_type: record.type as HrDocumentType,
        template_version: draft.template.version,
        language: draft.template.language,
        title: draft.title,
        verification_code: code,
        storage: store.kind,
        storage_key: key,
        byte_size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        signer_name: draft.signerName,
        signer_title: draft.signerTitle,
        issued_by: ctx.caller.personId,
        issued_at: now,
      })
      .returning([...DOCUMENT_COLUMNS])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, {
      entityType: hrRequest.name,
      entityId: hrRequestId,
      action: 'document_issued',
      changes: { document_id: { from: null, to: id }, template_version: { from: null, to: draft.template.version } },
      at: now,
    });
    // In this transaction, so a rolled-back issue never announces a document; an integration key's
    // endpoints hear of it only when the request is its app's.
    await emitWebhookEvent(tx, 'document.issued', {
      ...presentDocument(row),
      hr_request_id: hrRequestId,
      document_type: row.document_type,
      person_id: row.person_id,
      template_version: row.template_version,
      app_id: record.app_id ?? null,
    });
    return row;
  });
}

/** A document of the caller's tenant that the caller may read (its requester, HR, admin), with its request. Else 404. */
async function findReadable(ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}): Promise<{ row: DocumentRow; record: RecordRow }> {
  if (id.length > 64 || id.includes('\u0000')) throw notFound('document');
  let query = ctx.db.selectFrom('documents').select([...DOCUMENT_COLUMNS]).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('document');
  const entitled = row.person_id === ctx.caller.personId || hasRole(ctx.caller, 'hr', 'admin');
  if (!entitled) throw notFound('document');
  // The request's own visibility rule too: an integration key sees only its app's records, nobody a deleted one.
  const record = await findVisible(ctx, hrRequest, row.hr_request_id).catch(() => {
    throw notFound('document');
  });
  return { row, record };
}

export async function getDocument(ctx: Ctx, id: string): Promise<DocumentRow> {
  return (await findReadable(ctx, id)).row;
}

/** The PDF bytes of a document the caller may read. */
export async function readDocumentFile(ctx: Ctx, id: string): Promise<{ row: DocumentRow; bytes: Uint8Array }> {
  const { row } = await findReadable(ctx, id);
  const bytes = await fromStore('reading the PDF', () => storeFor(row.storage).get(ctx.db, row.storage_key));
  if (!bytes) throw new AppError('unavailable', 'The document’s file is not available right now; try again later.');
  return { row, bytes };
}

/** The documents of one HR request the caller may see, newest first. */
export async function documentsOfRequest(ctx: Ctx, hrRequestId: string): Promise<DocumentRow[]> {
  const record = await findVisible(ctx, hrRequest, hrRequestId);
  if (record.requester_id !== ctx.caller.personId && !hasRole(ctx.caller, 'hr', 'admin')) return [];
  return ctx.db.selectFrom('documents').select([...DOCUMENT_COLUMNS]).where('hr_request_id', '=', hrRequestId).orderBy('issued_at', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Revokes a document (HR, admin; not on their own request): its verification then says "revoked".
 * Revoking twice changes nothing.
 */
export async function revokeDocument(ctx: Ctx, id: string): Promise<DocumentRow> {
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const { row, record } = await findReadable(tx, id, { forUpdate: true });
    const refusal = documentDeskRefusal(ctx.caller, record);
    if (refusal) throw forbidden(refusal);
    if (row.revoked_at) return row;
    const now = ctx.clock.now().toISOString();
    const after = await tdb
      .updateTable('documents')
      .set({ revoked_at: now, revoked_by: ctx.caller.personId })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning([...DOCUMENT_COLUMNS])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: hrRequest.name, entityId: row.hr_request_id, action: 'document_revoked', changes: { revoked_document_id: { from: null, to: id } }, at: now });
    return after;
  });
}
