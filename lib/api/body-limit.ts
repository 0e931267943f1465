/**
 * The 1 MB body limit on every /api/v1 route (engine.md §2), before any handler reads the body: a declared
 * Content-Length past the limit is refused at once, and a chunked body is counted while it streams and
 * refused as soon as it passes the limit, so an oversized request is never read whole.
 */
import { bodyLimit } from 'hono/body-limit';
import { PROBLEM_CONTENT_TYPE } from '@/lib/http/problem';
import { MAX_BODY_BYTES, payloadTooLargeProblem } from '@/lib/http/limits';

export const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.body(payloadTooLargeProblem(), 413, { 'Content-Type': PROBLEM_CONTENT_TYPE, Connection: 'close' }),
});
