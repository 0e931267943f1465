/**
 * The HR document screens' server actions (issue 12), as each person — the session lookup mocked, the
 * database, the PDF and the engine real: the same rules hold as over REST. Generate and fulfil in one
 * step (the deliverable is the document); never on one's own request, nor revoking there; the template
 * editor's PDF preview is filled and rendered as a real document (the named signatory and their title);
 * the letterhead form refuses a file that only looks like an image.
 */
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { signInAs } from '../support/signed-in';

vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const { documentDraftAction, fulfilWithDocumentAction, generateDocumentAction, previewTemplatePdfAction, revokeDocumentAction, saveLetterheadAction } = await import('@/lib/actions/documents');

let db: Kysely<Database>;
let t: TestTenant;
const as = (who: PersonKey) => signInAs(t, who);

beforeAll(async () => {
  db = (await testDatabase()).db;
  t = await createTestTenant(db);
});

async function fileHr(who: PersonKey, type = 'employment_letter') {
  const created = await api('POST', '/api/v1/operations/hr-requests', { token: await t.token(who), body: { type, description: 'For the bank.', deliverable_type: 'digital' } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text.replace(/\s+/g, ' ');
}

describe('document actions', () => {
  it('generate, then fulfil with it in one step: the deliverable is the document; the requester may do neither', async () => {
    const id = await fileHr('alice');
    as('alice');
    expect(await generateDocumentAction(id)).toMatchObject({ ok: false, status: 403 });
    expect(await documentDraftAction(id)).toMatchObject({ ok: false, status: 403 });
    as('bob'); // the manager sees the request but is not the desk
    expect(await generateDocumentAction(id)).toMatchObject({ ok: false });

    as('hana');
    const draft = await documentDraftAction(id);
    expect(draft).toMatchObject({ ok: true, title: 'Confirmation of employment', isDefault: true, signerName: 'Hana Hoshino' });
    const generated = await generateDocumentAction(id);
    if (!generated.ok) throw new Error(generated.error);
    expect(generated.document).toMatchObject({ status: 'valid', url: expect.stringMatching(new RegExp(`/api/v1/documents/${generated.document.id}$`)) });
    expect(await fulfilWithDocumentAction(id)).toEqual({ ok: true, status: 'completed' });
    const record = await api('GET', `/api/v1/operations/hr-requests/${id}`, { token: await t.token('alice') });
    expect(record.body).toMatchObject({ status: 'completed', deliverable_type: 'digital', deliverable_url: generated.document.url, fulfilled_by: t.people.hana.id });
  });

  it('HR never produces nor revokes the documents of their own request; another member of the desk does', async () => {
    const id = await fileHr('hana', 'certificate');
    as('hana');
    const refused = await generateDocumentAction(id);
    expect(refused).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/your own request/) });
    as('ada');
    const made = await generateDocumentAction(id);
    if (!made.ok) throw new Error(made.error);
    as('hana');
    expect(await revokeDocumentAction(made.document.id, id)).toMatchObject({ ok: false, status: 403 });
    as('ivan');
    expect(await revokeDocumentAction(made.document.id, id)).toMatchObject({ ok: false, status: 404 });
    as('ada');
    expect(await revokeDocumentAction(made.document.id, id)).toMatchObject({ ok: true, document: { status: 'revoked' } });
  });

  it('the template editor’s PDF preview is filled and rendered as a document: the named signatory with the title given, else their job title', async () => {
    await db.updateTable('people').set({ title: 'Managing Director' }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.ada.id).execute();
    as('hana');
    const input = { title: 'Certificate for {{person.name}}', body: 'Signed by {{signer.name}} ({{signer.title}}) for {{tenant.name}}.', language: 'fr', signer_id: t.people.ada.id };
    const preview = await previewTemplatePdfAction('certificate', input);
    if (!preview.ok) throw new Error(preview.error);
    const text = await pdfText(new Uint8Array(Buffer.from(preview.pdf, 'base64')));
    expect(text).toContain('Certificate for Zoë Müller-Łukasiewicz');
    expect(text).toContain(`Signed by Ada Adeyemi (Managing Director) for Test ${t.slug}.`);
    expect(text).toContain('Code de vérification');
    const titled = await previewTemplatePdfAction('certificate', { ...input, signer_title: 'Chief People Officer' });
    if (!titled.ok) throw new Error(titled.error);
    expect(await pdfText(new Uint8Array(Buffer.from(titled.pdf, 'base64')))).toContain('Signed by Ada Adeyemi (Chief People Officer)');

    expect(await previewTemplatePdfAction('certificate', { ...input, body: 'Hi {{person.nmae}}' })).toMatchObject({ ok: false, status: 422, errors: [expect.objectContaining({ path: 'body' })] });
    expect(await previewTemplatePdfAction('payslip', input)).toMatchObject({ ok: false, status: 404 });
    as('alice');
    expect(await previewTemplatePdfAction('certificate', input)).toMatchObject({ ok: false, status: 403 });
  });

  it('the letterhead form refuses a file that only starts like a PNG (422 on the logo), and an employee', async () => {
    const form = (logo: Uint8Array) => {
      const data = new FormData();
      data.set('address', 'Rue de la Paix 1, 75002 Paris');
      data.set('logo', new File([Buffer.from(logo)], 'logo.png', { type: 'image/png' }));
      return data;
    };
    const fake = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(1)]);
    as('alice');
    expect(await saveLetterheadAction(form(fake))).toMatchObject({ ok: false, status: 403 });
    as('hana');
    expect(await saveLetterheadAction(form(fake))).toMatchObject({ ok: false, status: 422, errors: [expect.objectContaining({ path: 'logo' })] });
    expect(await db.selectFrom('document_letterheads').selectAll().where('tenant_id', '=', t.tenantId).execute()).toEqual([]);
  });
});
