/**
 * Field building blocks shared by the five record types: value schemas with the reference's
 * descriptions, and the common fields every record carries.
 */
import { z } from 'zod';
import { SOURCE_TYPES } from '@/db/schema';
import { MAX_COMMENT_CHARS, MAX_TAGS_BYTES, MAX_TAGS_DEPTH } from '@/lib/http/limits';
import { nestedDeeperThan } from '@/lib/http/json-depth';

/** An ISO 8601 date-time with a zone (Z or an offset), normalised to UTC. */
export const isoDateTime = () =>
  z.iso
    .datetime({ offset: true, message: 'Expected an ISO 8601 date-time with a time zone, e.g. 2026-05-01T09:00:00Z' })
    // Years 0000 and 10000+ (after the offset) pass the format but not the database.
    .refine((value) => inYearRange(new Date(value)), 'Must be between the years 1 and 9999')
    .transform((value) => new Date(value).toISOString());

export function inYearRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
}

export const money = () =>
  z.number({ message: 'Expected a number' }).finite().min(0, 'Must be 0 or more').max(1e11, 'Too large');

export const shortText = (max = 200) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const longText = (max = 5000) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const ref = () => z.string().trim().min(1, 'Required').max(64, 'At most 64 characters');
export const httpUrl = () =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'Must be an http(s) URL');

/** A decision's or action's comment, and a comment on a record: at most 5,000 characters (engine.md §2). */
/** A reference printed by another system (booking, tracking, asset tag): letters, digits and - . / only. */
export const codeText = (max: number) =>
  z
    .string()
    .trim()
    .min(2, 'At least 2 characters')
    .max(max, `At most ${max} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'Letters, digits, spaces and - . / only');
export const commentText = () => z.string().trim().max(MAX_COMMENT_CHARS, `At most ${MAX_COMMENT_CHARS.toLocaleString('en')} characters`);

export const tagsSchema = z
  .record(z.string(), z.unknown())
  .superRefine((tags, ctx) => {
    // Depth first: only a value known to be shallow is serialised to measure it.
    if (nestedDeeperThan(tags, MAX_TAGS_DEPTH)) {
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_TAGS_DEPTH} levels deep` });
    } else if (Buffer.byteLength(JSON.stringify(tags), 'utf8') > MAX_TAGS_BYTES) {
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_TAGS_BYTES / 1024} KB once serialised` });
    }
  })
  .meta({ description: `Free-form tags: any JSON object, at most ${MAX_TAGS_DEPTH} levels deep and ${MAX_TAGS_BYTES / 1024} KB serialised.` });

export const sourceTypeSchema = z.enum(SOURCE_TYPES).meta({ description: "Where the write originated. Defaults to 'api'." });

/** The reference's common fields, as they appear on every record. */
export const baseRecordShape = {
  id: z.string().meta({ description: 'Server-assigned ULID with type prefix.' }),
  tenant_id: z.string().meta({ description: "Tenant scope — auto-stamped from the caller's JWT." }),
  app_id: z.string().nullable().meta({
    description: "App scope. Stamped only when the caller's JWT was minted for a specific Application (integration API keys).",
  }),
  created_at: z.string().meta({ description: 'Server stamp.', format: 'date-time' }),
  updated_at: z.string().meta({ description: 'Server stamp; updated on every patch.', format: 'date-time' }),
  created_by: z.string().nullable().meta({ description: "Person id from the caller's JWT (sub)." }),
  updated_by: z.string().nullable().meta({ description: "Person id from the last writer's JWT (sub)." }),
  source: z.string().meta({ description: "Provenance tag — defaults to 'edm'." }),
  source_type: sourceTypeSchema,
  is_deleted: z.boolean().meta({ description: 'Soft-delete flag. Excluded from default list queries.' }),
  deleted_at: z.string().nullable().meta({ description: 'Stamped when soft-deleted; null otherwise.', format: 'date-time' }),
  deleted_by: z.string().nullable().meta({ description: 'Person id who soft-deleted; null otherwise.' }),
  schema_version: z.number().int().meta({ description: 'Document schema version.' }),
  tags: tagsSchema,
};

/** Fields a client may send on create and update besides the type's own. */
export const clientCommonShape = {
  source: z.string().trim().min(1).max(100).optional().meta({ description: "Provenance tag — defaults to 'edm'." }),
  source_type: sourceTypeSchema.optional(),
  tags: tagsSchema.optional(),
};

/** Fields the server stamps; a client's values for them are ignored, never an error. */
export const SERVER_STAMPED = [
  'id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by',
  'is_deleted', 'deleted_at', 'deleted_by', 'schema_version',
] as const;
