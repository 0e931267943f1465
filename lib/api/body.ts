import type { Context } from 'hono';
import { AppError } from '@/lib/errors';

/** The request's JSON body (undefined when empty); malformed JSON is a 400. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/** Query parameters, the first value of each. */
export function queryParams(c: Context): Record<string, string> {
  return c.req.query();
}
