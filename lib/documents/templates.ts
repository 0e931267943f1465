/**
 * Document templates per HR request type (engine.md §7): read and saved by HR and admins. Every save is a
 * new version (the old ones are kept; each document records the version it was made from); a type never
 * saved uses its built-in default, version 0.
 */
import { z } from 'zod';
import { HR_DOCUMENT_TYPES, type HrDocumentType } from '@/db/schema';
import { hasRole } from '@/lib/auth/caller';
import { within, type Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, invalidField } from '@/lib/errors';
import { diff, writeAudit } from '@/lib/operations/audit';
import { parseInput } from '@/lib/operations/validate';
import { DEFAULT_TEMPLATES } from './defaults';
import { LANGUAGE_CODES, type DocumentLanguage } from './languages';
import { PLACEHOLDER_LIST, placeholderErrors } from './placeholders';

export interface DocumentTemplate {
  type: HrDocumentType;
  /** 0 for the built-in default. */
  version: number;
  title: string;
  body: string;
  language: DocumentLanguage;
  signer_id: string | null;
  signer_name: string | null;
  signer_title: string | null;
  updated_at: string | null;
  updated_by: string | null;
  is_default: boolean;
  placeholders: { name: string; description: string }[];
}

export const templateInputSchema = z
  .object({
    title: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters').meta({ description: 'The document’s heading; may use placeholders.' }),
    body: z.string().trim().min(1, 'Required').max(10_000, 'At most 10000 characters').meta({
      description: 'The text, with placeholders such as {{person.name}}; a blank line starts a new paragraph.',
    }),
    language: z.enum(LANGUAGE_CODES).default('en').meta({ description: 'Dates and the document’s own labels are written in this language.' }),
    signer_id: z.string().trim().min(1).max(64).nullable().optional().meta({
      description: 'The person who signs every document of this type (`per_…`); absent or null: the HR person who generates it.',
    }),
    signer_title: z.string().trim().max(200, 'At most 200 characters').nullable().optional().meta({
      description: 'The signatory’s title as printed (default: their job title).',
    }),
  })
  .strict();

export type TemplateInput = z.output<typeof templateInputSchema>;

export function isDocumentType(value: string): value is HrDocumentType {
  return (HR_DOCUMENT_TYPES as readonly string[]).includes(value);
}

export function assertDocumentType(value: string): HrDocumentType {
  if (!isDocumentType(value)) throw new AppError('not_found', `No document template for '${value.slice(0, 40)}': HR request types are ${HR_DOCUMENT_TYPES.join(', ')}.`);
  return value;
}

export function assertTemplateEditor(ctx: Ctx): void {
  if (!hasRole(ctx.caller, 'hr', 'admin')) throw forbidden('Only HR and admins may view or change document templates.');
}

/**
 * A template's named signatory as documents print them: their name, and the title the template gives,
 * else their job title. No signatory: the HR person who generates the document signs (documents.ts).
 */
function signatory(signerId: string | null, signerTitle: string | null, person: { name: string; title: string | null } | undefined): Pick<DocumentTemplate, 'signer_id' | 'signer_name' | 'signer_title'> {
  if (!signerId) return { signer_id: null, signer_name: null, signer_title: null };
  return { signer_id: signerId, signer_name: person?.name ?? null, signer_title: signerTitle || person?.title || null };
}

/** A checked draft as the template it would become (the editor's PDF preview), its signatory resolved as a saved one's. */
export async function draftTemplate(ctx: Ctx, type: HrDocumentType, input: TemplateInput): Promise<DocumentTemplate> {
  const signer = input.signer_id ? await ctx.db.selectFrom('people').select(['name', 'title']).where('id', '=', input.signer_id).executeTakeFirst() : undefined;
  return {
    type,
    version: 0,
    title: input.title,
    body: input.body,
    language: input.language,
    ...signatory(input.signer_id ?? null, input.signer_title ?? null, signer),
    updated_at: null,
    updated_by: null,
    is_default: false,
    placeholders: PLACEHOLDER_LIST,
  };
}

/** The template in use for a type (no role check: generation reads it on HR's behalf). */
export async function currentTemplate(ctx: Ctx, type: HrDocumentType): Promise<DocumentTemplate> {
  const row = await ctx.db
    .selectFrom('document_templates')
    .leftJoin('people', (join) => join.onRef('people.id', '=', 'document_templates.signer_id').onRef('people.tenant_id', '=', 'document_templates.tenant_id'))
    .select(['document_templates.version', 'document_templates.title', 'document_templates.body', 'document_templates.language', 'document_templates.signer_id', 'document_templates.signer_title', 'document_templates.created_at', 'document_templates.created_by', 'people.name as signer_name', 'people.title as signer_person_title'])
    .where('document_templates.type', '=', type)
    .orderBy('document_templates.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    return { type, version: 0, ...DEFAULT_TEMPLATES[type], language: 'en', ...signatory(null, null, undefined), updated_at: null, updated_by: null, is_default: true, placeholders: PLACEHOLDER_LIST };
  }
  return {
    type,
    version: row.version,
    title: row.title,
    body: row.body,
    language: row.language as DocumentLanguage,
    ...signatory(row.signer_id, row.signer_title, row.signer_name === null ? undefined : { name: row.signer_name, title: row.signer_person_title }),
    updated_at: row.created_at,
    updated_by: row.created_by,
    is_default: false,
    placeholders: PLACEHOLDER_LIST,
  };
}

export async function getTemplate(ctx: Ctx, type: string): Promise<DocumentTemplate> {
  assertTemplateEditor(ctx);
  return currentTemplate(ctx, assertDocumentType(type));
}

export async function listTemplates(ctx: Ctx): Promise<DocumentTemplate[]> {
  assertTemplateEditor(ctx);
  return Promise.all(HR_DOCUMENT_TYPES.map((type) => currentTemplate(ctx, type)));
}

/** Checks a template's text and signatory without saving it (the editor's live check, and the save). */
export async function checkTemplate(ctx: Ctx, input: unknown): Promise<TemplateInput> {
  const parsed = parseInput(templateInputSchema, input);
  const errors = [...placeholderErrors('title', parsed.title), ...placeholderErrors('body', parsed.body)];
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  if (parsed.signer_id) {
    const signer = await ctx.db.selectFrom('people').select(['id', 'active']).where('id', '=', parsed.signer_id).executeTakeFirst();
    if (!signer) throw invalidField('signer_id', 'No person with this id in your organisation');
    if (!signer.active) throw invalidField('signer_id', 'This person is deactivated and cannot sign documents');
  }
  if (!parsed.signer_id && parsed.signer_title) throw invalidField('signer_title', 'A title needs a named signatory (signer_id)');
  return parsed;
}

/** Saves a new version of a type's template; earlier versions stay for the documents made from them. */
export async function saveTemplate(ctx: Ctx, type: string, input: unknown): Promise<DocumentTemplate> {
  assertTemplateEditor(ctx);
  const docType = assertDocumentType(type);
  const parsed = await checkTemplate(ctx, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const before = await currentTemplate(tx, docType);
    const now = ctx.clock.now().toISOString();
    // Versions per type are serialised by the primary key: a concurrent save with the same number fails and retries once.
    for (let attempt = 0; ; attempt++) {
      const last = await tdb.selectFrom('document_templates').select((eb) => eb.fn.max('version').as('v')).where('type', '=', docType).executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const inserted = await tdb
        .insertInto('document_templates', {
          type: docType,
          version,
          title: parsed.title,
          body: parsed.body,
          language: parsed.language,
          signer_id: parsed.signer_id ?? null,
          signer_title: parsed.signer_id ? (parsed.signer_title || null) : null,
          created_by: ctx.caller.personId,
          created_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('version')
        .executeTakeFirst();
      if (inserted) break;
      if (attempt > 3) throw new AppError('conflict', 'Someone else saved this template at the same moment; reload and try again.');
    }
    const after = await currentTemplate(tx, docType);
    // Every write lands in the audit log (api.md): the version saved and what changed from the one before.
    const fields = (t: DocumentTemplate) => ({ version: t.version, title: t.title, body: t.body, language: t.language, signer_id: t.signer_id, signer_title: t.signer_title });
    await writeAudit(tx, { entityType: 'DocumentTemplate', entityId: docType, action: 'update', changes: diff(fields(before), fields(after)), at: now });
    return after;
  });
}

/** People who may be named as a template's signatory (active ones), with their job titles. */
export async function signatoryCandidates(ctx: Ctx): Promise<{ id: string; name: string; title: string | null }[]> {
  assertTemplateEditor(ctx);
  return ctx.db.selectFrom('people').select(['id', 'name', 'title']).where('active', '=', true).orderBy('name').orderBy('id').execute();
}
