/** npm run db:migrate | db:seed | db:reset — against DATABASE_URL, or the embedded database in DATA_DIR. */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { config } from '@/lib/config';
import { jobQueueKind, queueSchemaName, stopBoss } from '@/lib/jobs/boss';
import { openDatabase } from './client';
import { dropEverything, migrateToLatest } from './migrate';
import { seedDemo } from './seed';

const command = process.argv[2];
if (!['migrate', 'seed', 'reset'].includes(command ?? '')) {
  console.error('usage: tsx db/cli.ts migrate|seed|reset');
  process.exit(2);
}

const target = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${path.join(config.dataDir, 'pglite')}`;
if (!config.databaseUrl) fs.mkdirSync(path.join(config.dataDir, 'pglite'), { recursive: true });

try {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    if (command === 'reset') {
      await dropEverything(handle.db);
      // On PostgreSQL the job queue (pg-boss) keeps its own schema: its jobs belonged to the dropped tenants.
      if (jobQueueKind() === 'pg-boss') await sql`drop schema if exists ${sql.id(queueSchemaName())} cascade`.execute(handle.db);
      console.log(`dropped every table in ${target}`);
    }
    await migrateToLatest(handle.db);
    console.log(`migrated ${target}`);
    if (command !== 'migrate') {
      await seedDemo(handle.db);
      console.log('seeded the demo tenants (acme, globex)');
    }
  } finally {
    // The seed queues its SLA checks: on PostgreSQL that started pg-boss, whose pool would keep us running.
    await stopBoss();
    await handle.close();
  }
} catch (error) {
  console.error(`db:${command} failed on ${target}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
