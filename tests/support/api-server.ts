/**
 * One API instance in a process of its own, for tests that need several (tests/integration/scale-out.test.ts):
 * the REST app (lib/api/app.ts, as server.ts serves it) on DATABASE_URL, on a free port it prints as
 * `listening <port>`. With SCALE_OUT_TENANT it also runs that tenant's due jobs every 100 ms — only that
 * tenant's, so other test files' jobs on the same database are left alone — with the server's own handlers
 * (lib/jobs/handlers: reminders, expiry, email, …, as startJobRunner loads them) and `test.scale-out`, a job
 * that records which process ran it.
 *
 *   DATABASE_URL=… AUTH_SECRET=… node --import tsx tests/support/api-server.ts
 */
import http from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { getDatabase } from '@/db';
import { createApiApp } from '@/lib/api/app';
import { registerJobHandler, runDueJobs } from '@/lib/jobs/runner';

await getDatabase();
const tenantId = process.env.SCALE_OUT_TENANT;
if (tenantId) {
  await import('@/lib/jobs/handlers');
  registerJobHandler('test.scale-out', async (job) => {
    await job.db
      .insertInto('idempotency_keys', { principal: `scale-out:${process.pid}`, key: job.jobId, request_hash: '-', status_code: 200, response_body: '{}', response_headers: '{}' })
      .execute();
  });
  const loop = async () => {
    try {
      await runDueJobs({ tenantIds: [tenantId], batchSize: 2 });
    } catch (error) {
      console.error('[api-server] jobs:', error);
    }
    setTimeout(loop, 100);
  };
  void loop();
}
const server = http.createServer(getRequestListener(createApiApp().fetch));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => process.exit(0));
