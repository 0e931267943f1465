/**
 * The 1 MB body limit on every /api/v1 route (engine.md §2), before any handler reads the body: a declared
 * Content-Length past the limit is refused at once, and a chunked body is counted while it streams and
 * refused as soon as it passes the limit, so an oversized request is never read whole.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PROBLEM_CONTENT_TYPE } from '@/lib/http/problem';
import { MAX_BODY_BYTES, payloadTooLargeProblem } from '@/lib/http/limits';

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.body(payloadTooLargeProblem(), 413, { 'Content-Type': PROBLEM_CONTENT_TYPE, Connection: 'close' }),
});

/**
 * A GET or HEAD request has no body to limit (the server never hands one on), so it skips the check: asking
 * for the body, even to find none, builds a WHATWG Request with its stream and abort signal on every read
 * (issue 13: a measurable share of a GET's CPU).
 */
export const apiBodyLimit: MiddlewareHandler = (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
