import type { Context } from 'hono';
import { AppError, invalidField } from '@/lib/errors';
import { firstTooDeepMember, nestedDeeperThan } from '@/lib/http/json-depth';

/**
 * Far deeper than any valid body (a record's deepest member is `tags`, at most 5 levels), shallow enough
 * that no later step that walks the body recursively can run out of stack.
 */
const MAX_BODY_DEPTH = 16;

/**
 * The request's JSON body (undefined when empty); malformed JSON is a 400, a body nested absurdly deep a
 * 422 naming the member that holds it. The 1 MB size limit is enforced before this (body-limit.ts).
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (nestedDeeperThan(body, MAX_BODY_DEPTH)) {
    throw invalidField(firstTooDeepMember(body, MAX_BODY_DEPTH) ?? '(body)', 'Nested too deeply');
  }
  return body;
}

/** Query parameters, the first value of each. */
export function queryParams(c: Context): Record<string, string> {
  return c.req.query();
}
