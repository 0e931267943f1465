/**
 * HR documents (engine.md §7, issue 12): templates (a placeholder typo is a 422), generation (a real PDF
 * whose text holds the person's name, the tenant's and the code), download visibility (requester, HR,
 * admin; the manager, another employee and another tenant get 404), verification and revocation, the
 * verify endpoint's rate limit, and a digital fulfil that takes the document's URL.
 */
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { createApiApp } from '@/lib/api/app';
import { VERIFY_LIMITS } from '@/lib/documents/verify';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

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

async function fileHrRequest(type = 'employment_letter') {
  const created = await api('POST', '/api/v1/operations/hr-requests', {
    token: await t.token('alice'),
    body: { type, description: 'For my apartment rental application.', deliverable_type: 'digital' },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

async function download(id: string, token?: string) {
  const response = await app.request(`/api/v1/documents/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text;
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
    for (const key of ['bob', 'ivan', 'tara'] as const) expect((await download(issued.body.id, await t.token(key))).status).toBe(404);
    expect((await download(issued.body.id, await other.token('ada'))).status).toBe(404);
    expect((await download(issued.body.id)).status).toBe(401);
    expect((await download('doc_01JD3M4V6X8Q9R2S3T4V5W6X7Y', hana)).status).toBe(404);

    const fulfilled = await api('POST', `/api/v1/operations/hr-requests/${request.id}/fulfill`, { token: hana, body: { deliverable_type: 'digital' } });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body).toMatchObject({ status: 'completed', deliverable_url: issued.body.url });
    const feed = await api('GET', '/api/v1/me/notifications', { token: await t.token('alice') });
    expect(feed.body.data).toContainEqual(expect.objectContaining({ kind: 'fulfilled', entity_id: request.id, url: `/hr-requests/${request.id}` }));
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
