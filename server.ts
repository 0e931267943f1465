/**
 * The one Node server. /api/v1/*, /scim/v2/* and /api/health go straight to the Hono app (the REST API and SCIM); everything
 * else — pages, server actions, next-auth's /api/auth/* — to Next's request handler. A Next route
 * handler costs about 1 ms of CPU per request; the public API does not carry that.
 */
import http from 'node:http';
import { getRequestListener } from '@hono/node-server';
import next from 'next';
import { closeDatabase, getDatabase } from '@/db';
import { createApiApp } from '@/lib/api/app';
import { startJobRunner, stopJobRunner } from '@/lib/jobs/runner';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';
import { stampClientAddress } from '@/lib/http/client-address';
import { MAX_BODY_BYTES, payloadTooLargeProblem } from '@/lib/http/limits';

const GRACE_MS = 10_000;

function isApiPath(url: string): boolean {
  return (
    url === '/api/health' ||
    url.startsWith('/api/health?') ||
    url === '/api/v1' ||
    url.startsWith('/api/v1/') ||
    url.startsWith('/api/v1?') ||
    url === '/scim/v2' ||
    url.startsWith('/scim/v2/') ||
    url.startsWith('/scim/v2?')
  );
}

/**
 * Pages, server actions and next-auth: a body declared larger than the limit is refused before Next reads
 * it (the API's own limit, which also counts chunked bodies, is in lib/api/body-limit.ts; server actions'
 * chunked bodies are counted by Next's serverActions.bodySizeLimit).
 */
function declaresTooLargeBody(req: http.IncomingMessage): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
}

function refuseTooLarge(res: http.ServerResponse): void {
  res.writeHead(413, { 'Content-Type': 'application/problem+json', Connection: 'close' });
  res.end(payloadTooLargeProblem());
}

async function main(): Promise<void> {
  const dev = !config.production;
  const hostname = process.env.HOST?.trim() || (dev ? 'localhost' : '0.0.0.0');
  const port = config.port;

  // Fail fast, with one clear line, on what would otherwise fail at the first request.
  process.env.NEXTAUTH_SECRET = authSecret();
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  const started = Date.now();
  const database = await getDatabase();

  const server = http.createServer();
  // Keep idle connections longer than a load balancer's idle timeout (commonly 60 s) and longer than a
  // client that pauses between calls: with Node's default 5 s, a client reusing its connection just as the
  // server closes it gets ECONNRESET (seen in e2e after the inbox's 5-second Undo window). Headers must
  // arrive within a little more than that.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const nextApp = next({ dev, hostname, port, httpServer: server });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const handleApi = getRequestListener(createApiApp().fetch);

  server.on('request', (req, res) => {
    if (isApiPath(req.url ?? '/')) void handleApi(req, res);
    else if (declaresTooLargeBody(req)) refuseTooLarge(res);
    else {
      // next-auth's sign-in sees only headers: hand it the real client address (lib/http/client-address.ts).
      stampClientAddress(req);
      void handleNext(req, res);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
  console.log(`opsdesk: ready on http://localhost:${port} (${dev ? 'dev' : 'production'}, ${where}, ${database.kind}) in ${Date.now() - started} ms`);
  // Background jobs (lib/jobs/runner.ts) on the same database; JOBS=off leaves them to other instances.
  if (!(await startJobRunner())) console.log('opsdesk: job runner off (JOBS=off)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`opsdesk: ${signal}, shutting down`);
    const force = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    force.unref();
    server.closeIdleConnections();
    // No new jobs are claimed from now on; the ones in hand finish (or are left to their lease).
    const jobsStopped = stopJobRunner().catch(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await nextApp.close().catch(() => undefined);
    await jobsStopped;
    await closeDatabase().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`opsdesk: port ${config.port} is already in use. Stop the other program or set PORT to a free port.`);
  } else {
    console.error(`opsdesk: could not start: ${message}`);
  }
  process.exit(1);
});
