/**
 * What the directory's three modules share: who may write (admins, never an integration key), list
 * paging by name (keyset on name, id), and reading a database unique violation as a 409.
 */
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, invalidField, type FieldError } from '@/lib/errors';
import { zodErrors } from '@/lib/operations/validate';

export const DEACTIVATED_PERSON = 'This person is deactivated; choose someone active';

/**
 * 422 naming `field` unless `id` is an active person of the tenant: the one check before any work is
 * given to someone — a step or task handed on, a pending item assigned, a delegation's either end. A
 * deactivated person holds nothing (offboarding handed their work on, lib/people/offboarding.ts).
 */
export async function assertActivePerson(ctx: Pick<Ctx, 'db'>, field: string, id: string): Promise<void> {
  const person = possibleId(id) ? await ctx.db.selectFrom('people').select('active').where('id', '=', id).executeTakeFirst() : undefined;
  if (!person) throw invalidField(field, 'No person with this id in your organisation');
  if (!person.active) throw invalidField(field, DEACTIVATED_PERSON);
}

/** Admin-only writes. An integration key never manages people, groups or systems, whatever its roles. */
export function assertDirectoryAdmin(ctx: Ctx, what: string): void {
  if (ctx.caller.appId) throw forbidden(`Integration keys cannot change ${what}.`);
  if (!isAdmin(ctx.caller)) throw forbidden(`Only admins may change ${what}.`);
}

/** A person's, group's or system's id as it can be stored (PostgreSQL text cannot hold NUL). */
export function possibleId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && !id.includes('\u0000');
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const pageParams = {
  limit: z.coerce
    .number({ message: 'Expected a number' })
    .int('Expected a whole number')
    .min(1, 'At least 1')
    .max(200, 'At most 200')
    .optional()
    .meta({ description: 'Page size, 1–200 (default 50).' }),
  cursor: z.string().max(500).optional().meta({ description: 'Opaque cursor from next_cursor.' }),
};

/** Parses list query parameters, or a 422 naming each bad one. */
export function parseQuery<S extends z.ZodType>(schema: S, params: Record<string, string | undefined>): z.output<S> {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value?.includes('\u0000')) errors.push({ path: name, message: 'Must not contain a NUL character' });
  }
  const result = schema.safeParse(params);
  if (!result.success) errors.push(...zodErrors(result.error));
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return (result as { data: z.output<S> }).data;
}

export function encodeNameCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify({ n: name, id })).toString('base64url');
}

export function decodeNameCursor(raw: string): { name: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed && typeof parsed.n === 'string' && typeof parsed.id === 'string' && !`${parsed.n}${parsed.id}`.includes('\u0000')) {
      return { name: parsed.n, id: parsed.id };
    }
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'Not a cursor of this list (use next_cursor unchanged)');
}

export function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && (error as { code: unknown }).code === '23505';
}

/** Runs a write; a unique violation (a name or email taken meanwhile) becomes a 409 with this detail. */
export async function conflictOnDuplicate<T>(run: () => Promise<T>, detail: string, path: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', detail, { errors: [{ path, message: detail }] });
    throw error;
  }
}

/** Every id of `ids` that is not a person of the caller's tenant (another tenant's people included). */
export async function unknownPeople(ctx: Ctx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await ctx.db.selectFrom('people').select('id').where('id', 'in', [...new Set(ids)]).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

/** A list of person ids: each a string, no duplicates, at most `max`. */
export const personIds = (max: number) =>
  z
    .array(z.string().trim().min(1, 'Required').max(64, 'At most 64 characters'), { message: 'Expected a list of person ids' })
    .max(max, `At most ${max}`)
    .transform((ids) => [...new Set(ids)]);
