'use server';
/**
 * Server actions of the document screens: thin entry points over lib/documents (the same functions the
 * REST routes call), as the signed-in person.
 */
import { revalidatePath } from 'next/cache';
import { HR_DOCUMENT_TYPES } from '@/db/schema';
import { issueDocument, presentDocument, previewDocument, revokeDocument } from '@/lib/documents/documents';
import { saveLetterhead } from '@/lib/documents/letterhead';
import { renderDocumentPdf } from '@/lib/documents/render-pdf';
import { fillPlaceholders } from '@/lib/documents/placeholders';
import { formatLetterDate } from '@/lib/documents/languages';
import { checkTemplate, saveTemplate, assertTemplateEditor } from '@/lib/documents/templates';
import { readLetterhead } from '@/lib/documents/letterhead';
import { performAction } from '@/lib/operations/service';
import { hrRequest } from '@/lib/operations/types/hr-request';
import { AppError } from '@/lib/errors';
import { runAction } from './run-action';

/** What generating would print: the template's title, the signer and any value missing for its placeholders. */
export async function documentDraftAction(hrRequestId: string) {
  return runAction(async (ctx) => {
    const draft = await previewDocument(ctx, String(hrRequestId));
    return {
      title: draft.title,
      templateVersion: draft.template.version,
      isDefault: draft.template.is_default,
      signerName: draft.signerName,
      signerTitle: draft.signerTitle,
      missing: draft.missing.map((name) => `{{${name}}}`),
    };
  });
}

export async function generateDocumentAction(hrRequestId: string) {
  return runAction(async (ctx) => {
    const document = presentDocument(await issueDocument(ctx, String(hrRequestId)));
    revalidatePath(`/hr-requests/${hrRequestId}`);
    return { document };
  });
}

/** The one-step fulfil: digital, with the newest generated document as the deliverable. */
export async function fulfilWithDocumentAction(hrRequestId: string) {
  return runAction(async (ctx) => {
    const record = await performAction(ctx, hrRequest, String(hrRequestId), 'fulfill', { deliverable_type: 'digital' });
    revalidatePath(`/hr-requests/${hrRequestId}`);
    revalidatePath('/inbox');
    return { status: record.status };
  });
}

export async function revokeDocumentAction(documentId: string, hrRequestId: string) {
  return runAction(async (ctx) => {
    const document = presentDocument(await revokeDocument(ctx, String(documentId)));
    revalidatePath(`/hr-requests/${hrRequestId}`);
    return { document };
  });
}

export async function saveTemplateAction(type: string, input: unknown) {
  return runAction(async (ctx) => {
    const template = await saveTemplate(ctx, type, input);
    revalidatePath('/settings/document-templates');
    return { template };
  });
}

const SAMPLE = {
  'person.name': 'Zoë Müller-Łukasiewicz',
  'person.title': 'Senior Software Engineer',
  'person.email': 'zoe.mueller@example.com',
  'request.description': 'An employment letter for my apartment rental application.',
};

/** The draft rendered as the real PDF (sample requester, the caller as signer unless one is named), as base64. */
export async function previewTemplatePdfAction(type: string, input: unknown) {
  return runAction(async (ctx) => {
    assertTemplateEditor(ctx);
    if (!(HR_DOCUMENT_TYPES as readonly string[]).includes(type)) throw new AppError('not_found', 'No such HR request type.');
    const parsed = await checkTemplate(ctx, input);
    const [letterhead, me, signer] = await Promise.all([
      readLetterhead(ctx),
      ctx.db.selectFrom('people').select(['name', 'title']).where('id', '=', ctx.caller.personId).executeTakeFirst(),
      parsed.signer_id ? ctx.db.selectFrom('people').select(['name', 'title']).where('id', '=', parsed.signer_id).executeTakeFirst() : undefined,
    ]);
    const now = new Date();
    const signerName = signer?.name ?? me?.name ?? '';
    const signerTitle = signer ? (parsed.signer_title || signer.title) : (me?.title ?? null);
    const values = {
      ...SAMPLE,
      'person.started_on': formatLetterDate('2021-03-01', parsed.language),
      'tenant.name': letterhead.name,
      'tenant.address': letterhead.address.replace(/\s*\n\s*/g, ', '),
      today: formatLetterDate(now, parsed.language),
      'signer.name': signerName,
      'signer.title': signerTitle ?? '',
    };
    const code = 'PREVW-00000-00000-00000';
    const bytes = await renderDocumentPdf({
      letterhead,
      title: fillPlaceholders(parsed.title, values),
      body: fillPlaceholders(parsed.body, values),
      language: parsed.language,
      issuedAt: now.toISOString(),
      signerName,
      signerTitle: signerTitle ?? null,
      code,
      verifyUrl: `https://example.com/verify/${code}`,
      documentId: 'preview',
    });
    return { pdf: Buffer.from(bytes).toString('base64') };
  });
}

/** The letterhead form: address, and a logo file (PNG/JPEG) or `remove_logo`. */
export async function saveLetterheadAction(form: FormData) {
  return runAction(async (ctx) => {
    const file = form.get('logo');
    let logo: Uint8Array | null | undefined;
    if (form.get('remove_logo') === 'on') logo = null;
    else if (file instanceof File && file.size > 0) logo = new Uint8Array(await file.arrayBuffer());
    await saveLetterhead(ctx, { address: form.get('address') ?? '', logo });
    revalidatePath('/settings/document-templates');
    return {};
  });
}
