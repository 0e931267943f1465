'use server';
/**
 * Server actions of the document screens: thin entry points over lib/documents (the same functions the
 * REST routes call), as the signed-in person.
 */
import { revalidatePath } from 'next/cache';
import { composeDraft, issueDocument, presentDocument, previewDocument, renderDraft, revokeDocument } from '@/lib/documents/documents';
import { saveLetterhead } from '@/lib/documents/letterhead';
import { assertDocumentType, assertTemplateEditor, checkTemplate, draftTemplate, saveTemplate } from '@/lib/documents/templates';
import { performAction } from '@/lib/operations/service';
import { hrRequest } from '@/lib/operations/types/hr-request';
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

/** The requester a template's preview is filled for (a name that shows every letter prints). */
const SAMPLE_PERSON = { name: 'Zoë Müller-Łukasiewicz', title: 'Senior Software Engineer', email: 'zoe.mueller@example.com', started_on: '2021-03-01' };
const SAMPLE_DESCRIPTION = 'An employment letter for my apartment rental application.';

/** The draft rendered as the real PDF (sample requester, the caller as signer unless one is named), as base64. */
export async function previewTemplatePdfAction(type: string, input: unknown) {
  return runAction(async (ctx) => {
    assertTemplateEditor(ctx);
    const docType = assertDocumentType(String(type));
    const template = await draftTemplate(ctx, docType, await checkTemplate(ctx, input));
    // Filled and rendered by the same functions as a real document (lib/documents/documents.ts).
    const now = ctx.clock.now().toISOString();
    const draft = await composeDraft(ctx, template, SAMPLE_PERSON, SAMPLE_DESCRIPTION, now);
    const bytes = await renderDraft(draft, { issuedAt: now, code: 'PREVW-00000-00000-00000', documentId: 'preview' });
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
