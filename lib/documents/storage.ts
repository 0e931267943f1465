/**
 * Where document PDFs live, behind one small interface: the database by default (table document_files,
 * works on PGlite and PostgreSQL alike), an S3-compatible bucket when S3_BUCKET is configured. Each document
 * row records the store it was written to, so documents stay readable after the configuration changes.
 * Objects are written once and never overwritten (a re-issue is a new document with a new key).
 */
import type { TenantDb } from '@/lib/data/tenant-db';
import { s3ConfigFromEnv, s3Store } from './s3';

export type StoreKind = 'database' | 's3';

export interface DocumentStore {
  readonly kind: StoreKind;
  /** Writes the bytes under a new key (the tenant's database is passed for the database store). */
  put(db: TenantDb, key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(db: TenantDb, key: string): Promise<Uint8Array | null>;
}

export const databaseStore: DocumentStore = {
  kind: 'database',
  async put(db, key, bytes, contentType) {
    await db.insertInto('document_files', { key, content: Buffer.from(bytes), content_type: contentType, created_at: new Date().toISOString() }).execute();
  },
  async get(db, key) {
    const row = await db.selectFrom('document_files').select('content').where('key', '=', key).executeTakeFirst();
    return row ? new Uint8Array(row.content) : null;
  },
};

/** The store new documents are written to: S3 when configured, else the database. */
export function activeStore(env: NodeJS.ProcessEnv = process.env): DocumentStore {
  const s3 = s3ConfigFromEnv(env);
  return s3 ? s3Store(s3) : databaseStore;
}

/** The store a document was written to. */
export function storeFor(kind: StoreKind, env: NodeJS.ProcessEnv = process.env): DocumentStore {
  if (kind === 'database') return databaseStore;
  const s3 = s3ConfigFromEnv(env);
  if (!s3) throw new Error('This document is stored in S3, but S3_BUCKET is not configured.');
  return s3Store(s3);
}
