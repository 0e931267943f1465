/**
 * The tenant's letterhead on every document: its name (the tenant's), a postal address and a logo
 * (PNG or JPEG, as pdf-lib embeds them). HR and admins edit it beside the templates.
 */
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { within, type Ctx } from '@/lib/data/context';
import { diff, writeAudit, type Changes } from '@/lib/operations/audit';
import { invalidField } from '@/lib/errors';
import { parseInput } from '@/lib/operations/validate';
import { assertTemplateEditor } from './templates';

export const MAX_LOGO_BYTES = 512 * 1024;

export interface Letterhead {
  name: string;
  address: string;
  logo: { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' } | null;
}

export async function readLetterhead(ctx: Ctx): Promise<Letterhead> {
  const [tenant, row] = await Promise.all([
    ctx.db.tenant().select('name').executeTakeFirstOrThrow(),
    ctx.db.selectFrom('document_letterheads').select(['address', 'logo', 'logo_type']).executeTakeFirst(),
  ]);
  return {
    name: tenant.name,
    address: row?.address ?? '',
    logo: row?.logo && row.logo_type ? { bytes: new Uint8Array(row.logo), type: row.logo_type } : null,
  };
}

const addressInput = z.object({ address: z.string().trim().max(300, 'At most 300 characters') });

/** What a PNG or JPEG file starts with: the type is read from the bytes, never from the upload's name. */
function imageTypeOf(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Saves the address and, when given, a new logo (`logo: null` removes it; absent keeps it). */
export async function saveLetterhead(ctx: Ctx, input: { address: unknown; logo?: Uint8Array | null }): Promise<void> {
  assertTemplateEditor(ctx);
  const { address } = parseInput(addressInput, { address: input.address });
  let logo: { logo: Uint8Array | null; logo_type: 'image/png' | 'image/jpeg' | null } | undefined;
  if (input.logo === null) logo = { logo: null, logo_type: null };
  else if (input.logo) {
    if (input.logo.length > MAX_LOGO_BYTES) throw invalidField('logo', 'At most 512 KB');
    const type = imageTypeOf(input.logo);
    if (!type) throw invalidField('logo', 'Upload a PNG or JPEG image');
    // Read it as every document will: a file that only starts like an image is refused here, not left off later.
    if (!(await embedsInPdf(input.logo, type))) throw invalidField('logo', 'This image cannot be read; save it again as a PNG or JPEG and upload that');
    logo = { logo: input.logo, logo_type: type };
  }
  const now = ctx.clock.now().toISOString();
  const values = { address, updated_by: ctx.caller.personId, updated_at: now, ...(logo ? { logo: logo.logo ? Buffer.from(logo.logo) : null, logo_type: logo.logo_type } : {}) };
  await ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const before = await tdb.selectFrom('document_letterheads').select(['address', 'logo_type']).executeTakeFirst();
    await tdb
      .insertInto('document_letterheads', values)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
    // The audit log (api.md) records the address and whether the logo changed (not the image itself).
    const changes: Changes = diff({ address: before?.address ?? '' }, { address });
    if (logo) changes.logo = { from: before?.logo_type ? 'an image' : null, to: logo.logo_type ? `a new ${logo.logo_type === 'image/png' ? 'PNG' : 'JPEG'} image` : null };
    await writeAudit(tx, { entityType: 'DocumentLetterhead', entityId: ctx.caller.tenantId, action: 'update', changes, at: now });
  });
}

async function embedsInPdf(bytes: Uint8Array, type: 'image/png' | 'image/jpeg'): Promise<boolean> {
  try {
    const pdf = await PDFDocument.create();
    await (type === 'image/png' ? pdf.embedPng(bytes) : pdf.embedJpg(bytes));
    return true;
  } catch {
    return false;
  }
}
