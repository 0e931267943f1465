/** GET /api/v1/search (engine.md §8): find anything the caller may see — lib/search/search.ts. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { contextForCaller } from '@/lib/data/database';
import { searchEverything, searchQuerySchema, searchResultSchema } from '@/lib/search/search';
import { queryParams } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

export function registerSearchRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/api/v1/search', async (c) => {
    return c.json(await searchEverything(await contextForCaller(c.get('caller')), queryParams(c)));
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/search',
    tags: ['Search'],
    summary: 'Find anything',
    description:
      'Everything the caller may see, across the request types (the generic queue for admins only) and the people of their organisation, grouped; the group with the best match first, and inside a group an exact id first, then a summary that starts with `q`, then the most recently updated. Each group reads through its type’s own visibility rule.',
    request: { query: searchQuerySchema },
    responses: {
      200: { description: 'Groups of results (empty groups left out)', content: { 'application/json': { schema: searchResultSchema } } },
      401: problem('Missing, expired, badly signed or revoked credentials.'),
      422: problem('`q` missing, empty or longer than 200 characters, or a bad `limit`.'),
    },
  });
}
