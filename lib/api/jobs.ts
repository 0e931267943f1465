/**
 * Background jobs for admins (issue 10): GET /api/v1/jobs (`?state=`, keyset pages, counts by state),
 * POST /api/v1/jobs/{id}/retry (a failed job), DELETE /api/v1/jobs/{id} (a failed or queued one). One
 * tenant's jobs only: the domain (lib/jobs/admin.ts) reads through the caller's TenantDb.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { JOB_STATES } from '@/db/schema';
import { contextForCaller } from '@/lib/data/database';
import { discardJob, jobsQuerySchema, listJobs, parseJobsQuery, retryJob } from '@/lib/jobs/admin';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const PATH = '/api/v1/jobs';

const jobSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ description: 'The handler, e.g. `email.send`.' }),
    state: z.enum(JOB_STATES),
    data: z.record(z.string(), z.unknown()),
    attempts: z.number().int().meta({ description: 'Attempts made so far.' }),
    max_attempts: z.number().int(),
    run_at: z.string().meta({ format: 'date-time', description: 'When it runs (next), for a queued job.' }),
    singleton_key: z.string().nullable(),
    last_error: z.string().nullable().meta({ description: 'The error of the last failed attempt.' }),
    created_at: z.string().meta({ format: 'date-time' }),
    updated_at: z.string().meta({ format: 'date-time' }),
    finished_at: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({ id: 'Job' });

const countsSchema = z.object(Object.fromEntries(JOB_STATES.map((state) => [state, z.number().int()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>);

export function registerJobRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get(PATH, async (c) => {
    const query = parseJobsQuery(c.req.query());
    return c.json(await listJobs(await contextForCaller(c.get('caller')), query));
  });
  app.post(`${PATH}/:id/retry`, async (c) => c.json(await retryJob(await contextForCaller(c.get('caller')), c.req.param('id'))));
  app.delete(`${PATH}/:id`, async (c) => {
    await discardJob(await contextForCaller(c.get('caller')), c.req.param('id'));
    return c.body(null, 204);
  });

  const tags = ['Jobs'];
  const idParam = z.object({ id: z.string().meta({ description: 'A job id (`job_…`).' }) });
  const unauthorized = problem('Missing, expired, badly signed or revoked credentials.');
  const forbidden = problem('Not an admin.');
  const notFound = problem('No job with that id in your tenant.');
  app.openAPIRegistry.registerPath({
    method: 'get', path: PATH, tags, operationId: 'jobs.list', summary: 'Background jobs (admins)',
    description: 'The tenant’s queued, running, failed and recently done jobs (done ones are kept 7 days), most recently changed first, with counts by state.',
    request: { query: jobsQuerySchema },
    responses: {
      200: {
        description: 'A page of jobs',
        content: { 'application/json': { schema: z.object({ data: z.array(jobSchema), next_cursor: z.string().nullable(), counts: countsSchema }) } },
      },
      401: unauthorized, 403: forbidden, 422: problem('An invalid filter value.'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: `${PATH}/{id}/retry`, tags, operationId: 'jobs.retry', summary: 'Retry a failed job (admins)',
    description: 'Queues the job again to run now, with all its attempts ahead of it.',
    request: { params: idParam },
    responses: {
      200: { description: 'The job, queued', content: { 'application/json': { schema: jobSchema } } },
      401: unauthorized, 403: forbidden, 404: notFound,
      409: problem('The job is not failed, or a job with the same singleton key is already queued or running.'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'delete', path: `${PATH}/{id}`, tags, operationId: 'jobs.discard', summary: 'Discard a failed or queued job (admins)',
    request: { params: idParam },
    responses: { 204: { description: 'Discarded' }, 401: unauthorized, 403: forbidden, 404: notFound, 409: problem('The job is running or done.') },
  });
}
