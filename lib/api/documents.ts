/**
 * HR documents over REST (engine.md §7): document templates per HR request type (HR, admins), generating
 * a request's document, downloading it (requester, HR, admins; 404 for everyone else), revoking it, and
 * the public verification of a code. The rules live in lib/documents; these handlers only translate.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HR_DOCUMENT_TYPES } from '@/db/schema';
import { contextForCaller } from '@/lib/data/database';
import { issueDocument, presentDocument, readDocumentFile, revokeDocument } from '@/lib/documents/documents';
import { templateInputSchema, getTemplate, listTemplates, saveTemplate } from '@/lib/documents/templates';
import { verifyDocument } from '@/lib/documents/verify';
import { clientAddressOfHonoEnv } from '@/lib/http/client-address';
import { requestHash, withIdempotency } from '@/lib/http/idempotency';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const TEMPLATES = '/api/v1/document-templates';
const DOCUMENTS = '/api/v1/documents';
const GENERATE = '/api/v1/operations/hr-requests/:id/document';

const templateSchema = z
  .object({
    type: z.enum(HR_DOCUMENT_TYPES),
    version: z.number().int().meta({ description: 'The version in use; 0 is the built-in default.' }),
    title: z.string(),
    body: z.string(),
    language: z.string(),
    signer_id: z.string().nullable().meta({ description: 'The named signatory; null: whoever generates the document signs.' }),
    signer_name: z.string().nullable(),
    signer_title: z.string().nullable(),
    updated_at: z.string().nullable().meta({ format: 'date-time' }),
    updated_by: z.string().nullable(),
    is_default: z.boolean(),
    placeholders: z.array(z.object({ name: z.string(), description: z.string() })).meta({ description: 'Every placeholder a template may use.' }),
  })
  .meta({ id: 'DocumentTemplate' });

const documentSchema = z
  .object({
    id: z.string().meta({ description: '`doc_…`' }),
    url: z.string().meta({ description: 'Where the PDF is downloaded (GET /api/v1/documents/{id}).' }),
    verification_code: z.string().meta({ description: 'Printed on the document; /verify/{code} checks it.' }),
    issued_at: z.string().meta({ format: 'date-time' }),
    status: z.enum(['valid', 'revoked']),
  })
  .meta({ id: 'Document' });

const verificationSchema = z
  .object({
    issuer: z.string().meta({ description: 'The organisation that issued it.' }),
    document_type: z.enum(HR_DOCUMENT_TYPES),
    person_name: z.string(),
    issued_at: z.string().meta({ format: 'date-time' }),
    status: z.enum(['valid', 'revoked']),
  })
  .meta({ id: 'Verification' });

/** The public route: registered before the caller is resolved, so it needs no credentials. */
export function registerPublicDocumentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/verify/:code', async (c) => {
    const address = clientAddressOfHonoEnv(c.env, c.req.header('x-forwarded-for'));
    return c.json(await verifyDocument(c.req.param('code'), address));
  });
}

export function registerDocumentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get(TEMPLATES, async (c) => c.json({ data: await listTemplates(await contextForCaller(c.get('caller'))) }));
  app.get(`${TEMPLATES}/:type`, async (c) => c.json(await getTemplate(await contextForCaller(c.get('caller')), c.req.param('type'))));
  app.put(`${TEMPLATES}/:type`, async (c) => {
    const body = await readJson(c);
    return c.json(await saveTemplate(await contextForCaller(c.get('caller')), c.req.param('type'), body));
  });

  app.post(GENERATE, async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c).catch(() => null);
    const ctx = await contextForCaller(c.get('caller'));
    const path = `/api/v1/operations/hr-requests/${id}/document`;
    const response = await withIdempotency(ctx, c.req.header('idempotency-key'), requestHash('POST', path, body), async (tx) => {
      const document = presentDocument(await issueDocument(tx, id));
      return { status: 201, body: document, headers: { Location: `${DOCUMENTS}/${document.id}` } };
    });
    return c.json(response.body as object, response.status as 201, response.headers);
  });

  app.get(`${DOCUMENTS}/:id`, async (c) => {
    const { row, bytes } = await readDocumentFile(await contextForCaller(c.get('caller')), c.req.param('id'));
    const filename = `${row.title.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim().slice(0, 80) || 'document'} ${row.id.slice(-6)}.pdf`;
    const disposition = c.req.query('download') ? 'attachment' : 'inline';
    return c.body(Buffer.from(bytes), 200, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(bytes.length),
      'Content-Disposition': `${disposition}; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      // The app's own pages show the PDF in a frame (the generate dialog); nobody else may frame it.
      'X-Frame-Options': 'SAMEORIGIN',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
    });
  });

  app.post(`${DOCUMENTS}/:id/revoke`, async (c) => {
    const ctx = await contextForCaller(c.get('caller'));
    return c.json(presentDocument(await revokeDocument(ctx, c.req.param('id'))));
  });

  const registry = app.openAPIRegistry;
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
  const typeParam = z.object({ type: z.enum(HR_DOCUMENT_TYPES).meta({ description: 'The HR request type.' }) });
  const idParam = z.object({ id: z.string().meta({ description: 'A document id (`doc_…`).' }) });
  const tags = ['Documents'];
  registry.registerPath({
    method: 'get', path: TEMPLATES, tags, operationId: 'documentTemplates.list', summary: 'The document template of every HR request type (HR, admins)',
    responses: { 200: { description: 'One per type', ...json(z.object({ data: z.array(templateSchema) })) }, 401: unauthorized, 403: problem('Not HR or an admin.') },
  });
  registry.registerPath({
    method: 'get', path: `${TEMPLATES}/{type}`, tags, operationId: 'documentTemplates.get', summary: 'The document template in use for an HR request type (HR, admins)',
    request: { params: typeParam },
    responses: { 200: { description: 'The template, with the placeholders it may use', ...json(templateSchema) }, 401: unauthorized, 403: problem('Not HR or an admin.'), 404: problem('No such HR request type.') },
  });
  registry.registerPath({
    method: 'put', path: `${TEMPLATES}/{type}`, tags, operationId: 'documentTemplates.put', summary: 'Save a new version of a document template (HR, admins)',
    description: 'Placeholders: {{person.name}}, {{person.title}}, {{person.started_on}}, {{person.email}}, {{tenant.name}}, {{tenant.address}}, {{request.description}}, {{today}}, {{signer.name}}, {{signer.title}}. An unknown one is a 422 naming it. Earlier versions are kept; each document records the version it was made from.',
    request: { params: typeParam, body: { required: true, ...json(templateInputSchema) } },
    responses: { 200: { description: 'The new version', ...json(templateSchema) }, 400: problem('Malformed JSON.'), 401: unauthorized, 403: problem('Not HR or an admin.'), 404: problem('No such HR request type.'), 422: problem('An unknown placeholder, or another invalid field.') },
  });
  registry.registerPath({
    method: 'post', path: '/api/v1/operations/hr-requests/{id}/document', tags: [...tags, 'HRRequest'], operationId: 'hrRequests.document', summary: 'Generate the request’s document (HR, admins)',
    description: 'Fills the type’s template for the requester and renders a PDF with the letterhead, the signer, a verification code and a QR code of the verify page. A later `fulfill` with `deliverable_type: digital` may omit `deliverable_url`: it becomes this document’s URL. Generating again issues a new document (the old one can be revoked).',
    request: { params: z.object({ id: z.string().meta({ description: 'The HR request id (`hrr_…`).' }) }), headers: z.object({ 'Idempotency-Key': z.string().max(255).optional() }) },
    responses: {
      201: { description: 'The document; Location names it', ...json(documentSchema) }, 401: unauthorized, 403: problem('Not HR or an admin, or the caller’s own request.'),
      404: problem('No such HR request visible to the caller.'), 409: problem('The request is rejected, or its approval is still open.'),
    },
  });
  registry.registerPath({
    method: 'get', path: `${DOCUMENTS}/{id}`, tags, operationId: 'documents.download', summary: 'Download a document’s PDF (its requester, HR, admins)',
    description: 'Anyone else — the requester’s manager included — gets 404. `?download=1` asks the browser to save it rather than show it.',
    request: { params: idParam, query: z.object({ download: z.string().optional() }) },
    responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } }, 401: unauthorized, 404: problem('No such document visible to the caller.') },
  });
  registry.registerPath({
    method: 'post', path: `${DOCUMENTS}/{id}/revoke`, tags, operationId: 'documents.revoke', summary: 'Revoke a document (HR, admins)',
    description: 'Its verification then answers `revoked`. Revoking a revoked document changes nothing.',
    request: { params: idParam },
    responses: { 200: { description: 'The document, revoked', ...json(documentSchema) }, 401: unauthorized, 403: problem('Not HR or an admin.'), 404: problem('No such document visible to the caller.') },
  });
  registry.registerPath({
    method: 'get', path: '/api/v1/verify/{code}', tags, operationId: 'documents.verify', summary: 'Verify a document by its code (public)', security: [],
    description: 'No credentials. Answers only the issuer, the document type, the person’s name, the issue date and whether it is valid or revoked. Rate limited per client address.',
    request: { params: z.object({ code: z.string().meta({ description: 'The code printed on the document (dashes and case do not matter).' }) }) },
    responses: { 200: { description: 'The document’s public facts', ...json(verificationSchema) }, 404: problem('No document has this code.'), 429: problem('Too many lookups from this address; Retry-After says when to try again.') },
  });
}
