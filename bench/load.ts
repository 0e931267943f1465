/**
 * One load run, in its own process (so the load generator never shares a CPU queue with the server it
 * measures): autocannon with fixed connections and a fixed duration (or a fixed number of requests),
 * loopback only. Paths rotate through the given list, so a get reads many rows, not one cached page.
 * Latencies are taken from every response (autocannon's 'response' event) so p95 is exact, not the
 * nearest bucket autocannon prints.
 *
 *   LOAD_CONFIG='{"origin":"http://127.0.0.1:3961","paths":["/…"],"connections":8,"seconds":10}' npx tsx bench/load.ts
 * prints one JSON line: { rps, p50, p95, p99, ok, failed, seconds }.
 */
import autocannon from 'autocannon';

export interface LoadConfig {
  origin: string;
  paths: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Stop after this many requests (each path once, e.g. decisions) instead of after `seconds`. */
  amount?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  failed: number;
  seconds: number;
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const origin = new URL(config.origin);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(origin.hostname)) throw new Error('load: loopback only');
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: config.origin,
    connections: config.connections,
    // autocannon refuses a `duration` key that is present but undefined: give one or the other.
    ...(config.amount ? { amount: config.amount } : { duration: config.seconds }),
    timeout: 10,
    headers: config.headers,
    requests: [
      {
        method: config.method ?? 'GET',
        body: config.body,
        setupRequest: (request) => ({ ...request, path: config.paths[next++ % config.paths.length] }),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statuses)
    .filter(([s]) => Number(s) < 400)
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    rps: ok / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    ok,
    failed: latencies.length - ok + result.errors + result.timeouts,
    seconds,
    statuses,
  };
}

if (process.env.LOAD_CONFIG) {
  runLoad(JSON.parse(process.env.LOAD_CONFIG) as LoadConfig)
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
