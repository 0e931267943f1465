/**
 * npm run setup -- --tenant "Acme" --admin-email ada@acme.example [--admin-name "Ada Adeyemi"] [--password …]
 *
 * A production install starts with no tenant (the demo data is seeded only in demo mode). This creates the
 * first tenant and its administrator, who then adds everyone else in Settings. Without --password a
 * strong one is generated and printed once. Refuses an email that already signs someone in.
 *
 * The embedded database belongs to one process: stop the server first (or use DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serveFromDatabase } from '@/db';
import { openDatabase } from '@/db/client';
import { migrateToLatest } from '@/db/migrate';
import { hashPassword } from '@/lib/auth/password';
import { config } from '@/lib/config';
import { createTenantWithAdmin } from '@/lib/data/first-run';
import { AppError } from '@/lib/errors';

const USAGE = 'usage: npm run setup -- --tenant "Acme" --admin-email you@acme.example [--admin-name "Your Name"] [--password …]';

function fail(message: string): never {
  console.error(`setup: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    password: { type: 'string' },
  },
});

const tenantName = values.tenant?.trim();
const adminEmail = values['admin-email']?.trim();
if (!tenantName || !adminEmail) fail(USAGE);
if (values.password !== undefined && values.password.length < 12) fail('the password needs at least 12 characters.');
const password = values.password ?? randomBytes(18).toString('base64url');

let handle: Awaited<ReturnType<typeof openDatabase>>;
try {
  handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  await migrateToLatest(handle.db);
} catch (error) {
  fail(`cannot open the database (${error instanceof Error ? error.message : String(error)}). Is the server running on the embedded database? Stop it first.`);
}
serveFromDatabase(handle);
try {
  const created = await createTenantWithAdmin({ tenantName, adminEmail, adminName: values['admin-name'] ?? '', passwordHash: await hashPassword(password) });
  console.log(`setup: created tenant "${tenantName}" (${created.slug}) with administrator ${adminEmail.toLowerCase()}.`);
  if (values.password === undefined) console.log(`setup: password (shown only now; keep it somewhere safe): ${password}`);
} catch (error) {
  if (error instanceof AppError) fail(error.message);
  throw error;
} finally {
  await handle.close();
}
