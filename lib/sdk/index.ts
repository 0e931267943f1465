/** The Opsdesk SDK: `createClient({ baseUrl, token })`, typed from the same schemas the server validates with. */
export { createClient, retryAfterMs, toQueryString, type ClientOptions, type OpsdeskClient } from './client';
export { verifyWebhook, WebhookVerificationError, type WebhookEvent, type WebhookEventType } from './webhooks';
export { OpsdeskApiError, isOpsdeskApiError, type FieldProblem, type ProblemDetails } from './errors';
export type * from './types';
