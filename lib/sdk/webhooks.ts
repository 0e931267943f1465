/**
 * Verifying Opsdesk's webhook deliveries in a receiver (Node or the browser): Standard Webhooks
 * signatures, checked with the `standardwebhooks` reference library (pure JavaScript, no Node built-ins).
 * A wrong secret, a changed body, or a timestamp more than 5 minutes away (a replayed old delivery) are
 * refused with `WebhookVerificationError`.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export { WebhookVerificationError };

/** The events Opsdesk delivers. */
export type WebhookEventType =
  | 'record.created'
  | 'record.status_changed'
  | 'approval.step_assigned'
  | 'approval.decided'
  | 'pending.completed'
  | 'document.issued';

/** A verified delivery's body. */
export interface WebhookEvent<D = Record<string, unknown>> {
  type: WebhookEventType;
  /** When the change happened (ISO 8601). */
  timestamp: string;
  /** The record or pending item as the API returns it (`approval.decided` adds `decision`; `record.status_changed` adds `previous_status`). */
  data: D;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: HeaderSource): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Verifies a delivery: the raw body as received (a string, before any JSON parsing), its headers, and the
 * endpoint's secret (`whsec_…`). Returns the parsed event, or throws `WebhookVerificationError`.
 */
export function verifyWebhook<D = Record<string, unknown>>(secret: string, body: string, headers: HeaderSource): WebhookEvent<D> {
  const record = headerRecord(headers);
  if (!record['webhook-id'] || !record['webhook-timestamp'] || !record['webhook-signature']) {
    throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature');
  }
  return new Webhook(secret).verify(body, record) as WebhookEvent<D>;
}
