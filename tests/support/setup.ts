import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';

process.env.AUTH_SECRET ||= 'integration-test-secret-of-sufficient-length-000';
process.env.DATA_DIR ||= path.join(os.tmpdir(), `opsdesk-test-${process.pid}`);
// The job queue of the domain's tests: pg-boss on PostgreSQL, in a schema of this file's own (files share
// one database and each runs only its own jobs); the table on PGlite. JOB_QUEUE=table keeps the table.
if (process.env.DATABASE_URL && process.env.JOB_QUEUE !== 'table') {
  const schema = `pgboss_t${randomBytes(5).toString('hex')}`;
  process.env.JOB_QUEUE = 'pg-boss';
  process.env.JOB_QUEUE_SCHEMA = schema;
  afterAll(async () => {
    const { stopBoss } = await import('@/lib/jobs/boss');
    await stopBoss();
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
  });
}
