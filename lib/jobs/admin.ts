/**
 * The Jobs panel's domain (settings and GET/POST/DELETE /api/v1/jobs): an admin sees their own tenant's
 * jobs (through their TenantDb, so row-level security applies too), by state, newest first, with counts;
 * retries a failed job (queued again, attempts from zero) or discards a failed or queued one. On PostgreSQL
 * the jobs are pg-boss's (boss-admin.ts), on PGlite the `jobs` table's.
 */
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import { JOB_STATES, type JobState } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { AppError, forbidden, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/operations/validate';
import { decodeTimeCursor, encodeTimeCursor } from '@/lib/http/time-cursor';
import { jobQueueKind } from './boss';
import { discardBossJob, listBossJobs, retryBossJob } from './boss-admin';

export const JOBS_PAGE_MAX = 200;

export const jobsQuerySchema = z.object({
  state: z.enum(JOB_STATES, { message: `One of: ${JOB_STATES.join(', ')}` }).optional().meta({ description: 'Only jobs in this state.' }),
  limit: z.coerce.number({ message: 'Expected a number' }).int().min(1, 'At least 1').max(JOBS_PAGE_MAX, `At most ${JOBS_PAGE_MAX}`).optional(),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque cursor from next_cursor.' }),
});
export type JobsQuery = z.infer<typeof jobsQuerySchema>;

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  run_at: string;
  singleton_key: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobsPage {
  data: JobView[];
  next_cursor: string | null;
  /** How many jobs of this tenant are in each state (done ones are kept 7 days). */
  counts: Record<JobState, number>;
}

function requireAdmin(ctx: Ctx): void {
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins may see and manage background jobs.');
}

const encodeCursor = (row: { updated_at: string; id: string }) => encodeTimeCursor(row.updated_at, row.id);
const decodeCursor = decodeTimeCursor;

const COLUMNS = [
  'id', 'name', 'state', 'data', 'attempts', 'max_attempts', 'run_at', 'singleton_key', 'last_error', 'created_at', 'updated_at', 'finished_at',
] as const;

export function parseJobsQuery(input: unknown): JobsQuery & { limit: number } {
  const query = parseInput(jobsQuerySchema, input);
  return { ...query, limit: query.limit ?? 50 };
}

export async function listJobs(ctx: Ctx, query: JobsQuery & { limit: number }): Promise<JobsPage> {
  requireAdmin(ctx);
  if (jobQueueKind() === 'pg-boss') return listBossJobs(ctx, query);
  let select = ctx.db.selectFrom('jobs').select([...COLUMNS]);
  if (query.state) select = select.where('state', '=', query.state);
  if (query.cursor) {
    const { t, id } = decodeCursor(query.cursor);
    select = select.where((eb) => eb.or([eb('updated_at', '<', t), eb.and([eb('updated_at', '=', t), eb('id', '<', id)])]));
  }
  const [rows, counted] = await Promise.all([
    select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute(),
    ctx.db.selectFrom('jobs').select((eb) => ['state', eb.fn.countAll<number>().as('n')]).groupBy('state').execute(),
  ]);
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  for (const row of counted) counts[row.state] = Number(row.n);
  const page = rows.slice(0, query.limit) as JobView[];
  return { data: page, next_cursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null, counts };
}

/** Queues a failed job again, with all its attempts ahead of it. */
export async function retryJob(ctx: Ctx, jobId: string): Promise<JobView> {
  requireAdmin(ctx);
  if (jobQueueKind() === 'pg-boss') return retryBossJob(ctx, jobId);
  const now = ctx.clock.now();
  try {
    const row = await ctx.db
      .updateTable('jobs')
      .set({ state: 'queued', attempts: 0, run_at: now, updated_at: now, finished_at: null, last_error: null })
      .where('id', '=', jobId)
      .where('state', '=', 'failed')
      .returning([...COLUMNS])
      .executeTakeFirst();
    if (row) return row as JobView;
  } catch (error) {
    // jobs_singleton: a newer job with the same key is already queued or running.
    if ((error as { code?: string }).code === '23505') {
      throw new AppError('conflict', 'A job with the same key is already queued or running; discard this one instead.');
    }
    throw error;
  }
  throw await whyNot(ctx, jobId, 'Only a failed job can be retried');
}

/** Deletes a failed or queued job (a running one finishes first). */
export async function discardJob(ctx: Ctx, jobId: string): Promise<void> {
  requireAdmin(ctx);
  if (jobQueueKind() === 'pg-boss') return discardBossJob(ctx, jobId);
  const row = await ctx.db.deleteFrom('jobs').where('id', '=', jobId).where('state', 'in', ['failed', 'queued']).returning('id').executeTakeFirst();
  if (!row) throw await whyNot(ctx, jobId, 'Only a failed or queued job can be discarded');
}

async function whyNot(ctx: Ctx, jobId: string, rule: string): Promise<AppError> {
  const found = await ctx.db.selectFrom('jobs').select('state').where('id', '=', jobId).executeTakeFirst();
  if (!found) return notFound('job');
  return new AppError('conflict', `${rule}; this one is ${found.state}.`);
}

/** The settings panel's page for the state in the URL (`?jobs_state=`); an unknown state shows all. */
export async function jobsPanelPage(ctx: Ctx, rawState: unknown): Promise<{ page: JobsPage; state: JobState | null; error: string | null }> {
  const state = (JOB_STATES as readonly string[]).includes(String(rawState)) ? (rawState as JobState) : null;
  const error = rawState && !state ? `No such job state: ${String(rawState)}. Showing all.` : null;
  return { page: await listJobs(ctx, { state: state ?? undefined, limit: 50 }), state, error };
}
