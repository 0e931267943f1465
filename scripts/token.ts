/**
 * npm run token -- --email bob@acme.example [--password demo] [--url http://localhost:3000]
 *
 * Prints a bearer token for a person. The embedded database belongs to one process, so while the app runs
 * the token comes from the running server (POST /api/v1/auth/token, with the demo password unless
 * --password says otherwise); otherwise, and always with DATABASE_URL, the person is looked up directly
 * and the token signed with the same AUTH_SECRET the server uses.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { issuePersonalToken } from '@/lib/auth/personal-token';
import { config } from '@/lib/config';
import { tenantDb } from '@/lib/data/tenant-db';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string', default: 'demo' },
    url: { type: 'string', default: `http://localhost:${config.port}` },
  },
});

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(1);
}

const email = values.email?.trim().toLowerCase();
if (!email) fail('usage: npm run token -- --email person@example.com [--password demo] [--url http://localhost:3000]');

async function fromServer(): Promise<string | undefined> {
  try {
    const health = await fetch(`${values.url}/api/health`, { signal: AbortSignal.timeout(1500) });
    if (!health.ok) return undefined;
  } catch {
    return undefined;
  }
  const response = await fetch(`${values.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: values.password }),
  });
  const body = (await response.json()) as { token?: string; detail?: string };
  if (!response.ok || !body.token) fail(`the server at ${values.url} refused: ${body.detail ?? response.status}`);
  return body.token;
}

async function direct(): Promise<string> {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const person = await handle.db
      .selectFrom('login_emails as l')
      .innerJoin('people as p', (join) => join.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.person_id'))
      .select(['p.id', 'p.tenant_id', 'p.roles'])
      .where('l.email', '=', email!)
      .executeTakeFirst();
    if (!person) fail(`no person with the email ${email}`);
    return (await issuePersonalToken(tenantDb(handle.db, person.tenant_id), { personId: person.id, roles: person.roles }, 'npm run token')).token;
  } finally {
    await handle.close();
  }
}

const token = (!config.databaseUrl && (await fromServer())) || (await direct());
console.log(token);
