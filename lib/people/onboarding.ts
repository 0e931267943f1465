/**
 * Onboarding (issue 15): a starter bundle filed for a new person in one step — a laptop, access to the
 * systems chosen, an HR welcome letter. Each is an ordinary request filed through the normal create path
 * (lib/operations/service.ts) on the person's behalf: requester = the new person, filer = the admin, so
 * the tenant's policies decide who approves, and separation of duties holds — the admin who filed them
 * may not approve them (engine.md §2); with no manager and no other admin, a step waits blocked for one.
 */
import { z } from 'zod';
import type { Ctx } from '@/lib/data/context';
import { assertDirectoryAdmin } from '@/lib/directory/common';
import { createDirectoryPerson, personCreateSchema, type DirectoryPerson } from '@/lib/directory/people';
import { invalidField } from '@/lib/errors';
import { typeByName } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { parseInput } from '@/lib/operations/validate';

export const starterBundleSchema = z
  .object({
    equipment_type: z.string().trim().min(1).max(100).nullable().default('laptop').meta({ description: 'The equipment to order (default laptop); null for none.' }),
    system_ids: z.array(z.string().trim().min(1).max(64)).max(20).default([]).meta({ description: 'Systems of the catalogue to request access to (standard access).' }),
    welcome_letter: z.boolean().default(true).meta({ description: 'File an HR request for a welcome letter (default true).' }),
  })
  .strict()
  .meta({ id: 'StarterBundle' });

export type StarterBundle = z.input<typeof starterBundleSchema>;

export const starterBundleResultSchema = z
  .object({ equipment_id: z.string().nullable(), access_request_ids: z.array(z.string()), hr_request_id: z.string().nullable() })
  .meta({ id: 'StarterBundleResult' });

export async function fileStarterBundle(ctx: Ctx, personId: string, input: unknown): Promise<z.infer<typeof starterBundleResultSchema>> {
  assertDirectoryAdmin(ctx, 'people');
  const bundle = parseInput(starterBundleSchema, input ?? {});
  const person = await ctx.db.selectFrom('people').select(['id', 'name', 'started_on', 'active']).where('id', '=', personId).executeTakeFirst();
  if (!person?.active) throw invalidField('person_id', 'No active person with this id in your organisation');
  const firstDay = person.started_on ? ` starting on ${person.started_on}` : '';
  return ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    const file = (type: RecordType, body: Record<string, unknown>) => createRecord(tx, type, { requester_id: person.id, tags: { onboarding: true }, ...body }) as Promise<RecordRow>;
    const laptop = bundle.equipment_type
      ? await file(typeByName('Equipment')!, { equipment_type: bundle.equipment_type, specification: `Standard ${bundle.equipment_type} for ${person.name}, a new starter${firstDay}.` })
      : null;
    const access: string[] = [];
    for (const [index, systemId] of [...new Set(bundle.system_ids)].entries()) {
      try {
        access.push((await file(typeByName('AccessRequest')!, { system_id: systemId, access_type: 'new', justification: `Standard access for ${person.name}, a new starter${firstDay}.` })).id);
      } catch (error) {
        // Name the bundle's own field, not the access request's.
        const problem = (error as { errors?: { path: string; message: string }[] }).errors?.[0];
        if (problem) throw invalidField(`system_ids.${index}`, problem.message);
        throw error;
      }
    }
    const letter = bundle.welcome_letter ? await file(typeByName('HRRequest')!, { type: 'document', description: `Welcome letter for ${person.name}${firstDay}.` }) : null;
    return { equipment_id: laptop?.id ?? null, access_request_ids: access, hr_request_id: letter?.id ?? null };
  });
}

export const personCreateWithBundleSchema = personCreateSchema
  .extend({ starter_bundle: starterBundleSchema.optional().meta({ description: 'File a starter bundle for the new person in the same step (laptop, access, HR welcome letter), through the usual policies.' }) })
  .meta({ id: 'PersonCreate' });

/** POST /people: the person, and in the same transaction their starter bundle when one is asked for. */
export async function createPersonWithBundle(ctx: Ctx, input: unknown): Promise<DirectoryPerson> {
  const bundle = input && typeof input === 'object' ? (input as { starter_bundle?: unknown }).starter_bundle : undefined;
  if (bundle === undefined) return createDirectoryPerson(ctx, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    const person = await createDirectoryPerson(tx, input);
    try {
      await fileStarterBundle(tx, person.id, bundle);
    } catch (error) {
      const problem = (error as { errors?: { path: string; message: string }[] }).errors?.[0];
      if (problem) throw invalidField(`starter_bundle.${problem.path}`, problem.message);
      throw error;
    }
    return person;
  });
}
