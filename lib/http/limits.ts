/**
 * Input limits (engine.md §2, Limits), in one place for the API, the server and the schemas:
 * a JSON body ≤ 1 MB (413), `tags` ≤ 16 KB serialised and ≤ 5 levels deep, a comment ≤ 5,000
 * characters. next.config.mjs repeats the body limit for server actions (it cannot import TypeScript).
 */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_TAGS_BYTES = 16 * 1024;
export const MAX_TAGS_DEPTH = 5;
export const MAX_COMMENT_CHARS = 5000;

/** The problem+json body of a 413, shared by the Hono app and the Node server. */
export function payloadTooLargeProblem(): string {
  return JSON.stringify({
    type: 'https://opsdesk.dev/problems/payload-too-large',
    title: 'Payload too large',
    status: 413,
    detail: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
  });
}
