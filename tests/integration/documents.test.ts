/**
 * HR documents (engine.md §7, issue 12): templates (a placeholder typo is a 422; saves audited), generation
 * (a real PDF whose text holds the person's name, the tenant's, the date, the signer and the code — for
 * every type's default template, in the template's language, on the tenant's letterhead), download
 * visibility (requester, HR, admin; the manager, a delegate, another employee and another tenant get 404),
 * the requester told in-app and by email, verification and revocation (not on one's own request), the
 * verify endpoint's rate limit, a digital fulfil that takes the document's URL, immutability held by the
 * database, and the S3-compatible store (a real HTTP server checking SigV4; a failing store is a 503).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { HR_DOCUMENT_TYPES, type Database } from '@/db/schema';
import { createApiApp } from '@/lib/api/app';
import { DEFAULT_TEMPLATES } from '@/lib/documents/defaults';
import { formatLetterDate } from '@/lib/documents/languages';
import { saveLetterhead } from '@/lib/documents/letterhead';
import { placeholderErrors } from '@/lib/documents/placeholders';
import { VERIFY_LIMITS } from '@/lib/documents/verify';
import { createApplication, mintKey } from '@/lib/operations/settings';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { startS3TestServer } from '../support/s3-server';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
const app = createApiApp();
const NAME = 'Zoë Müller-Łukasiewicz';

beforeAll(async () => {
  db = (await testDatabase()).db;
  t = await createTestTenant(db);
  other = await createTestTenant(db);
  await db.updateTable('people').set({ name: NAME }).where('tenant_id', '=', t.tenantId).where('id', '=', t.people.alice.id).execute();
});

async function fileHrRequest(type = 'employment_letter', tenant = t) {
  const created = await api('POST', '/api/v1/operations/hr-requests', {
    token: await tenant.token('alice'),
    body: { type, description: 'For my apartment rental application.', deliverable_type: 'digital' },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

async function download(id: string, token?: string) {
  const response = await app.request(`/api/v1/documents/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

function generate(hrRequestId: string, token: string) {
  return api('POST', `/api/v1/operations/hr-requests/${hrRequestId}/document`, { token });
}

function auditOf(tenant: TestTenant, entityType: string, entityId: string) {
  return db.selectFrom('audit_events').select(['action', 'actor_id', 'changes']).where('tenant_id', '=', tenant.tenantId).where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('created_at').execute();
}

/** A valid 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, ' '); // a wrapped line reads as one: what a reader (or a search) sees
}

describe('document templates', () => {
  it('HR reads the default, saves versions; a placeholder typo is a 422 naming it; employees may not', async () => {
    const hana = await t.token('hana');
    const initial = await api('GET', '/api/v1/document-templates/certificate', { token: hana });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ type: 'certificate', version: 0, is_default: true, language: 'en' });
    expect(initial.body.placeholders.map((p: { name: string }) => p.name)).toContain('{{person.started_on}}');

    const typo = await api('PUT', '/api/v1/document-templates/certificate', { token: hana, body: { title: 'Certificate', body: 'We certify {{person.nmae}} works here.' } });
    expect(typo.status).toBe(422);
    expect(typo.body.errors).toEqual([expect.objectContaining({ path: 'body', message: expect.stringContaining('{{person.nmae}}') })]);
    const unclosed = await api('PUT', '/api/v1/document-templates/certificate', { token: hana, body: { title: 'For {{person.name', body: 'Text' } });
    expect(unclosed.status).toBe(422);
    expect(unclosed.body.errors[0].path).toBe('title');
    const foreignSigner = await api('PUT', '/api/v1/document-templates/certificate', { token: hana, body: { title: 'C', body: 'B', signer_id: other.people.hana.id } });
    expect(foreignSigner.status).toBe(422);
    expect(foreignSigner.body.errors[0].path).toBe('signer_id');

    const body = { title: 'Certificate for {{person.name}}', body: '{{tenant.name}} certifies that {{ person.name }} works here.', language: 'de', signer_id: t.people.ada.id, signer_title: 'Managing Director' };
    const v1 = await api('PUT', '/api/v1/document-templates/certificate', { token: hana, body });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, is_default: false, language: 'de', signer_id: t.people.ada.id, signer_title: 'Managing Director' });
    const v2 = await api('PUT', '/api/v1/document-templates/certificate', { token: await t.token('ada'), body: { ...body, language: 'en' } });
    expect(v2.body.version).toBe(2);
    // Every save is in the audit log: who, the version, what changed (the refused ones are not).
    const audit = await auditOf(t, 'DocumentTemplate', 'certificate');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: 'update', actor_id: t.people.hana.id, changes: { version: { from: 0, to: 1 }, language: { from: 'en', to: 'de' }, signer_id: { from: null, to: t.people.ada.id } } });
    expect(audit[1]).toMatchObject({ actor_id: t.people.ada.id, changes: { version: { from: 1, to: 2 }, language: { from: 'de', to: 'en' } } });
    expect(Object.keys(audit[1].changes as object).sort()).toEqual(['language', 'version']);

    expect((await api('GET', '/api/v1/document-templates/certificate', { token: await t.token('alice') })).status).toBe(403);
    expect((await api('PUT', '/api/v1/document-templates/certificate', { token: await t.token('bob'), body })).status).toBe(403);
    expect((await api('GET', '/api/v1/document-templates/payslip', { token: hana })).status).toBe(404);
    // Another tenant still has the default.
    expect((await api('GET', '/api/v1/document-templates/certificate', { token: await other.token('hana') })).body.version).toBe(0);
  });
});

describe('generating, downloading, fulfilling', () => {
  it('HR generates a real PDF that only the requester, HR and admins can download; a digital fulfil takes its URL', async () => {
    const request = await fileHrRequest();
    const hana = await t.token('hana');

    // Before any document, a digital fulfil still needs its URL.
    const early = await api('POST', `/api/v1/operations/hr-requests/${request.id}/fulfill`, { token: hana, body: { deliverable_type: 'digital' } });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].path).toBe('deliverable_url');

    // Only the desk generates: the requester (403), someone who cannot see it (404), nobody unsigned (401).
    expect((await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: await t.token('alice') })).status).toBe(403);
    expect((await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: await t.token('bob') })).status).toBe(404);
    expect((await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: await other.token('hana') })).status).toBe(404);
    expect((await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, {})).status).toBe(401);

    const issued = await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: hana });
    expect(issued.status).toBe(201);
    expect(Object.keys(issued.body).sort()).toEqual(['id', 'issued_at', 'status', 'url', 'verification_code']);
    expect(issued.body.status).toBe('valid');
    expect(issued.body.url).toMatch(new RegExp(`^https?://.+/api/v1/documents/${issued.body.id}$`));
    expect(issued.body.verification_code.replace(/-/g, '')).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);

    const mine = await download(issued.body.id, await t.token('alice'));
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('application/pdf');
    const text = await pdfText(mine.bytes);
    expect(text).toContain(NAME);
    expect(text).toContain(`Test ${t.slug}`);
    expect(text).toContain(issued.body.verification_code);
    expect(text).toContain('Hana'); // the signer: the HR person who generated it (no named signatory)

    for (const key of ['hana', 'ada'] as const) expect((await download(issued.body.id, await t.token(key))).status).toBe(200);
    // Alice's delegate for approvals (Tara) gains nothing here: delegation is for approval steps.
    const delegated = await api('PUT', '/api/v1/me/delegation', { token: await t.token('alice'), body: { delegate_id: t.people.tara.id, ends_at: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(delegated.status).toBe(200);
    for (const key of ['bob', 'ivan', 'tara'] as const) expect((await download(issued.body.id, await t.token(key))).status).toBe(404);
    expect((await api('DELETE', '/api/v1/me/delegation', { token: await t.token('alice') })).status).toBe(204);
    expect((await download(issued.body.id, await other.token('ada'))).status).toBe(404);
    expect((await download(issued.body.id)).status).toBe(401);
    expect((await download('doc_01JD3M4V6X8Q9R2S3T4V5W6X7Y', hana)).status).toBe(404);

    const fulfilled = await api('POST', `/api/v1/operations/hr-requests/${request.id}/fulfill`, { token: hana, body: { deliverable_type: 'digital' } });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body).toMatchObject({ status: 'completed', deliverable_url: issued.body.url });
    const feed = await api('GET', '/api/v1/me/notifications', { token: await t.token('alice') });
    expect(feed.body.data).toContainEqual(expect.objectContaining({ kind: 'fulfilled', entity_id: request.id, url: `/hr-requests/${request.id}`, body: expect.stringContaining('Your document is ready') }));
    // And by email (queued with the fulfil; the email.send job sends it), linking to the request she downloads it from.
    const mails = await db.selectFrom('email_messages').select(['subject', 'text_body', 'html_body']).where('tenant_id', '=', t.tenantId).where('recipient_id', '=', t.people.alice.id).execute();
    expect(mails).toContainEqual(expect.objectContaining({ subject: 'Employment letter was fulfilled', text_body: expect.stringMatching(new RegExp(`Your document is ready[^]*/hr-requests/${request.id}`)) }));
  });

  it('records the template version and the named signatory; HR cannot produce their own document', async () => {
    const hana = await t.token('hana');
    await api('PUT', '/api/v1/document-templates/verification', {
      token: hana,
      body: { title: 'Verification for {{person.name}}', body: 'Signed by {{signer.name}}, {{signer.title}}.', signer_id: t.people.ada.id, signer_title: 'Chief People Officer' },
    });
    const request = await fileHrRequest('verification');
    const issued = await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: hana });
    expect(issued.status).toBe(201);
    const row = await db.selectFrom('documents').select(['template_version', 'signer_title', 'issued_by']).where('id', '=', issued.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ template_version: 1, signer_title: 'Chief People Officer', issued_by: t.people.hana.id });
    const text = await pdfText((await download(issued.body.id, hana)).bytes);
    expect(text).toContain('Chief People Officer');

    const own = await api('POST', '/api/v1/operations/hr-requests', { token: hana, body: { type: 'certificate', description: 'My own certificate.' } });
    expect((await api('POST', `/api/v1/operations/hr-requests/${own.body.id}/document`, { token: hana })).status).toBe(403);
    // Another member of the desk (here an admin) produces it; Hana downloads it as its requester but cannot revoke it.
    const ada = await t.token('ada');
    const hers = await generate(own.body.id, ada);
    expect(hers.status).toBe(201);
    expect((await download(hers.body.id, hana)).status).toBe(200);
    const selfRevoke = await api('POST', `/api/v1/documents/${hers.body.id}/revoke`, { token: hana });
    expect(selfRevoke.status).toBe(403);
    expect(selfRevoke.body.detail).toMatch(/your own request/);
    expect((await api('POST', `/api/v1/documents/${hers.body.id}/revoke`, { token: ada })).body.status).toBe('revoked');
  });
});

describe('with an approval policy on HR requests', () => {
  it('no document while the approval is open, nor for a rejected request; once approved, the desk generates it', async () => {
    const p = await createTestTenant(db);
    const as = async (who: 'ada' | 'bob' | 'hana', method: string, path: string, body?: unknown) => api(method, path, { token: await p.token(who), body });
    expect((await as('ada', 'PUT', '/api/v1/approval-policies/hr-requests', { steps: [{ approver: { kind: 'manager', level: 1 } }] })).status).toBe(200);
    const approvalOf = (id: string) => engineRows(db, p.tenantId).approval(id);

    const letter = await fileHrRequest('employment_letter', p);
    const waiting = await as('hana', 'POST', `/api/v1/operations/hr-requests/${letter.id}/document`);
    expect(waiting.status).toBe(409);
    expect(waiting.body.detail).toMatch(/approval/);
    expect((await as('bob', 'POST', `/api/v1/operations/pending/${(await approvalOf(letter.id)).id}/approve`)).status).toBe(200);
    expect((await as('hana', 'POST', `/api/v1/operations/hr-requests/${letter.id}/document`)).status).toBe(201);

    const refused = await fileHrRequest('certificate', p);
    expect((await as('bob', 'POST', `/api/v1/operations/pending/${(await approvalOf(refused.id)).id}/reject`, { comment: 'Not now' })).status).toBe(200);
    const rejected = await as('hana', 'POST', `/api/v1/operations/hr-requests/${refused.id}/document`);
    expect(rejected.status).toBe(409);
    expect(rejected.body.detail).toMatch(/rejected/);
  });
});

describe('an integration key', () => {
  it('never generates: it sees only what it filed itself, and nobody produces the document of a request they filed', async () => {
    const k = await createTestTenant(db);
    const ada = k.ctx('ada');
    const app = await createApplication(ada, { name: 'HRIS' });
    const { token } = await mintKey(ada, { appId: app.id, label: 'letters', roles: ['employee', 'admin'], expiresInDays: 30 });
    const filed = await api('POST', '/api/v1/operations/hr-requests', { token, body: { requester_id: k.people.alice.id, type: 'verification', description: 'For the bank.', deliverable_type: 'digital' } });
    expect(filed.status).toBe(201);
    const own = await generate(filed.body.id, token);
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/your own request/);
    // A request filed in Opsdesk itself is not the key's to see.
    const inOpsdesk = await fileHrRequest('verification', k);
    expect((await generate(inOpsdesk.id, token)).status).toBe(404);
    // HR produces the key's request's document; the key (an admin of its app's records) may download it, as may alice.
    const issued = await generate(filed.body.id, await k.token('hana'));
    expect(issued.status).toBe(201);
    expect((await download(issued.body.id, token)).status).toBe(200);
    expect((await download(issued.body.id, await k.token('alice'))).status).toBe(200);
    expect(await db.selectFrom('documents').select('id').where('hr_request_id', '=', filed.body.id).execute()).toHaveLength(1);
  });
});

describe('verification', () => {
  it('is public, answers only five facts, follows revocation, and a re-issue is a new document', async () => {
    const request = await fileHrRequest();
    const hana = await t.token('hana');
    const first = (await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: hana })).body;

    const checked = await api('GET', `/api/v1/verify/${first.verification_code}`, { remoteAddress: '198.51.100.7' });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ issuer: `Test ${t.slug}`, document_type: 'employment_letter', person_name: NAME, issued_at: first.issued_at, status: 'valid' });
    // Typed by hand: lower case, no dashes.
    expect((await api('GET', `/api/v1/verify/${first.verification_code.replace(/-/g, '').toLowerCase()}`, { remoteAddress: '198.51.100.7' })).status).toBe(200);
    expect((await api('GET', '/api/v1/verify/AAAAA-BBBBB-CCCCC-DDDDD', { remoteAddress: '198.51.100.7' })).status).toBe(404);
    expect((await api('GET', '/api/v1/verify/nonsense', { remoteAddress: '198.51.100.7' })).status).toBe(404);

    // Revoking: HR or admin only (the requester may read it, not revoke it: 403; others: 404).
    expect((await api('POST', `/api/v1/documents/${first.id}/revoke`, { token: await t.token('alice') })).status).toBe(403);
    expect((await api('POST', `/api/v1/documents/${first.id}/revoke`, { token: await t.token('ivan') })).status).toBe(404);
    expect((await api('POST', `/api/v1/documents/${first.id}/revoke`, { token: await other.token('hana') })).status).toBe(404);
    const revoked = await api('POST', `/api/v1/documents/${first.id}/revoke`, { token: hana });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await api('GET', `/api/v1/verify/${first.verification_code}`, { remoteAddress: '198.51.100.7' })).body.status).toBe('revoked');

    // A re-issue is a new document with a new code; the digital fulfil takes the newest valid one.
    const second = (await api('POST', `/api/v1/operations/hr-requests/${request.id}/document`, { token: hana })).body;
    expect(second.id).not.toBe(first.id);
    expect(second.verification_code).not.toBe(first.verification_code);
    const fulfilled = await api('POST', `/api/v1/operations/hr-requests/${request.id}/fulfill`, { token: hana, body: { deliverable_type: 'digital' } });
    expect(fulfilled.body.deliverable_url).toBe(second.url);
  });

  it('is rate limited per client address, and a forged X-Forwarded-For does not reset the count', async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < VERIFY_LIMITS.perAddress; i++) {
      const response = await api('GET', '/api/v1/verify/AAAAA-BBBBB-CCCCC-DDDDD', { remoteAddress: address, headers: { 'x-forwarded-for': `10.0.0.${i}` } });
      expect(response.status).toBe(404);
    }
    const limited = await api('GET', '/api/v1/verify/AAAAA-BBBBB-CCCCC-DDDDD', { remoteAddress: address, headers: { 'x-forwarded-for': '10.9.9.9' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api('GET', '/api/v1/verify/AAAAA-BBBBB-CCCCC-DDDDD', { remoteAddress: '192.0.2.44' })).status).toBe(404);
  });
});


describe('the letter', () => {
  it('every type has a default template that fills cleanly: tenant, date, the person’s name, title and start date, the signer, the code and the verify address', async () => {
    const l = await createTestTenant(db);
    await db.updateTable('people').set({ title: 'Staff Engineer', started_on: '2019-04-01' }).where('tenant_id', '=', l.tenantId).where('id', '=', l.people.alice.id).execute();
    await db.updateTable('people').set({ title: 'HR Partner' }).where('tenant_id', '=', l.tenantId).where('id', '=', l.people.hana.id).execute();
    const hana = await l.token('hana');
    const listed = await api('GET', '/api/v1/document-templates', { token: hana });
    expect(listed.body.data.map((d: { type: string; version: number }) => [d.type, d.version])).toEqual(HR_DOCUMENT_TYPES.map((type) => [type, 0]));
    for (const type of HR_DOCUMENT_TYPES) {
      const template = DEFAULT_TEMPLATES[type];
      expect([...placeholderErrors('title', template.title), ...placeholderErrors('body', template.body)]).toEqual([]);
      const request = await fileHrRequest(type, l);
      const issued = await generate(request.id, hana);
      expect(issued.status).toBe(201);
      const row = await db.selectFrom('documents').select(['template_version', 'language', 'signer_name', 'signer_title']).where('id', '=', issued.body.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ template_version: 0, language: 'en', signer_name: 'Hana Hoshino', signer_title: 'HR Partner' });
      const text = await pdfText((await download(issued.body.id, hana)).bytes);
      expect(text, type).toContain(`Test ${l.slug}`);
      expect(text, type).toContain('Alice Archer');
      expect(text, type).toContain(formatLetterDate(issued.body.issued_at, 'en'));
      expect(text, type).toContain('Hana Hoshino');
      expect(text, type).toContain('HR Partner');
      expect(text, type).toContain(issued.body.verification_code);
      expect(text, type).toContain(`/verify/${issued.body.verification_code}`);
      expect(text, type).not.toMatch(/\{\{|\}\}/);
      if (template.body.includes('{{person.title}}')) expect(text, type).toContain('Staff Engineer');
      if (template.body.includes('{{person.started_on}}')) expect(text, type).toContain('1 April 2019');
      if (template.body.includes('{{request.description}}')) expect(text, type).toContain('For my apartment rental application.');
    }
  });

  it('prints the tenant’s letterhead (address, logo) and writes in the template’s language; a logo that cannot be read is a 422', async () => {
    const l = await createTestTenant(db);
    await db.updateTable('people').set({ title: 'Staff Engineer', started_on: '2019-04-01' }).where('tenant_id', '=', l.tenantId).where('id', '=', l.people.alice.id).execute();
    await expect(saveLetterhead(l.ctx('alice'), { address: 'Anywhere 1' })).rejects.toMatchObject({ kind: 'forbidden' });
    const startsLikeAPng = new Uint8Array(Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(64, 7)]));
    await expect(saveLetterhead(l.ctx('hana'), { address: 'Anywhere 1', logo: startsLikeAPng })).rejects.toMatchObject({ kind: 'validation', errors: [expect.objectContaining({ path: 'logo' })] });
    await expect(saveLetterhead(l.ctx('hana'), { address: 'Anywhere 1', logo: new Uint8Array(Buffer.from('GIF89a not a logo we print')) })).rejects.toMatchObject({ kind: 'validation', errors: [expect.objectContaining({ path: 'logo' })] });
    await expect(saveLetterhead(l.ctx('hana'), { address: 'x'.repeat(301) })).rejects.toMatchObject({ kind: 'validation', errors: [expect.objectContaining({ path: 'address' })] });
    await saveLetterhead(l.ctx('hana'), { address: 'Hauptstraße 5\n10115 Berlin', logo: new Uint8Array(PNG) });
    const audit = await auditOf(l, 'DocumentLetterhead', l.tenantId);
    expect(audit).toEqual([expect.objectContaining({ action: 'update', actor_id: l.people.hana.id, changes: { address: { from: '', to: 'Hauptstraße 5\n10115 Berlin' }, logo: { from: null, to: 'a new PNG image' } } })]);

    const hana = await l.token('hana');
    const saved = await api('PUT', '/api/v1/document-templates/employment_letter', {
      token: hana,
      body: { title: 'Arbeitsbescheinigung für {{person.name}}', body: '{{tenant.name}} bestätigt, dass {{person.name}} seit dem {{person.started_on}} als {{person.title}} bei uns beschäftigt ist.\n\nAusgestellt am {{today}}.', language: 'de' },
    });
    expect(saved.status).toBe(200);
    const request = await fileHrRequest('employment_letter', l);
    const issued = await generate(request.id, hana);
    expect(issued.status).toBe(201);
    const { bytes } = await download(issued.body.id, hana);
    const raw = Buffer.from(bytes).toString('latin1'); // before pdf.js takes the bytes over
    const text = await pdfText(bytes);
    for (const expected of ['Hauptstraße 5', '10115 Berlin', 'Arbeitsbescheinigung für Alice Archer', 'seit dem 1. April 2019 als Staff Engineer', `Ausgestellt am ${formatLetterDate(issued.body.issued_at, 'de')}.`, 'Dieses Dokument prüfen', 'Prüfcode']) {
      expect(text).toContain(expected);
    }
    // The logo is an image drawn on the page.
    expect(raw).toMatch(/\/Subtype \/Image/);
    const row = await db.selectFrom('documents').select(['template_version', 'language']).where('id', '=', issued.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ template_version: 1, language: 'de' });
  });
});

describe('immutability', () => {
  it('the database refuses any change to a document but its revocation, to a stored PDF, or to a saved template version', async () => {
    await api('PUT', '/api/v1/document-templates/other', { token: await t.token('hana'), body: { title: 'Letter', body: 'For {{person.name}}.' } });
    const request = await fileHrRequest('other');
    const issued = (await generate(request.id, await t.token('hana'))).body;
    const { storage_key: key } = await db.selectFrom('documents').select('storage_key').where('id', '=', issued.id).executeTakeFirstOrThrow();
    const documents = () => db.updateTable('documents').where('tenant_id', '=', t.tenantId).where('id', '=', issued.id);
    await expect(documents().set({ person_name: 'Someone Else' }).execute()).rejects.toThrow(/immutable/);
    await expect(documents().set({ issued_at: '2020-01-01T00:00:00Z' }).execute()).rejects.toThrow(/immutable/);
    await expect(documents().set({ revoked_at: new Date().toISOString(), revoked_by: t.people.hana.id, signer_name: 'Forged' }).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable('document_files').set({ content: Buffer.from('%PDF-forged') }).where('tenant_id', '=', t.tenantId).where('key', '=', key).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable('document_templates').set({ body: 'Rewritten' }).where('tenant_id', '=', t.tenantId).where('type', '=', 'other').execute()).rejects.toThrow(/immutable/);

    expect((await api('POST', `/api/v1/documents/${issued.id}/revoke`, { token: await t.token('hana') })).body.status).toBe('revoked');
    // Revoked stays revoked: not by SQL, and revoking again changes nothing.
    await expect(documents().set({ revoked_at: null, revoked_by: null }).execute()).rejects.toThrow(/revoked/);
    const again = await api('POST', `/api/v1/documents/${issued.id}/revoke`, { token: await t.token('ada') });
    expect(again.status).toBe(200);
    const row = await db.selectFrom('documents').select(['person_name', 'revoked_by']).where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ person_name: NAME, revoked_by: t.people.hana.id });
    const pdf = await download(issued.id, await t.token('alice'));
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the S3-compatible store', () => {
  it('takes new documents when configured, reads each from where it was written, and a store that fails is a 503 with nothing recorded', async () => {
    const s3 = await startS3TestServer();
    const hana = await t.token('hana');
    const inDatabase = (await generate((await fileHrRequest()).id, hana)).body;
    try {
      Object.assign(process.env, s3.env);
      const request = await fileHrRequest('certificate');
      const issued = await generate(request.id, hana);
      expect(issued.status).toBe(201);
      const row = await db.selectFrom('documents').select(['storage', 'storage_key', 'sha256', 'byte_size']).where('id', '=', issued.body.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ storage: 's3', storage_key: `${t.tenantId}/${issued.body.id}.pdf` });
      expect(await db.selectFrom('document_files').select('key').where('key', '=', row.storage_key).executeTakeFirst()).toBeUndefined();
      const object = s3.objects.get(`letters/${row.storage_key}`)!;
      expect(object.contentType).toBe('application/pdf');
      expect(createHash('sha256').update(object.bytes).digest('hex')).toBe(row.sha256);

      const mine = await download(issued.body.id, await t.token('alice'));
      expect(mine.status).toBe(200);
      expect(Buffer.from(mine.bytes).equals(object.bytes)).toBe(true);
      expect(await pdfText(mine.bytes)).toContain(NAME);
      // Visibility does not depend on the store.
      expect((await download(issued.body.id, await t.token('bob'))).status).toBe(404);
      // The document written to the database before still reads from there.
      expect((await download(inDatabase.id, hana)).status).toBe(200);

      // Credentials the store refuses (SigV4 mismatch): 503 problem+json, and no document is recorded.
      process.env.S3_SECRET_ACCESS_KEY = 'not-the-secret';
      const refused = await generate(request.id, hana);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(s3.log.at(-1)).toMatch(/^PUT \/opsdesk-documents\/letters\/.+ 403$/);
      expect(await db.selectFrom('documents').select('id').where('hr_request_id', '=', request.id).execute()).toHaveLength(1);
      process.env.S3_SECRET_ACCESS_KEY = s3.secretAccessKey;

      // The store unreachable: reading is a 503 too, never a 500.
      await s3.close();
      const unreachable = await download(issued.body.id, hana);
      expect(unreachable.status).toBe(503);
      expect(unreachable.type).toContain('application/problem+json');
    } finally {
      for (const name of Object.keys(s3.env)) delete process.env[name];
      await s3.close();
    }
  });
});
