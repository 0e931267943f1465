/**
 * The standalone SDK (issue 11): its generated resources are current, its browser bundle carries no
 * server code, it retries idempotent calls on 429/503 (honouring Retry-After), walks pages, and its
 * webhook verifier refuses a wrong secret, a replayed old timestamp and a changed body.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { bundleSdk } from '@/bench/sdk-size';
import { createClient, OpsdeskApiError, retryAfterMs, verifyWebhook, WebhookVerificationError } from '@/lib/sdk';
import { renderResources } from '@/scripts/sdk-generate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

describe('SDK, standalone', () => {
  it('resources.generated.ts is current (npm run sdk:generate)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../lib/sdk/resources.generated.ts'), 'utf8');
    expect(committed).toBe(renderResources());
  });

  it('bundles for the browser without server modules', async () => {
    const bundle = await bundleSdk();
    expect(bundle.serverInputs).toEqual([]);
    expect(bundle.inputs.some((input) => input.includes('lib/operations'))).toBe(false);
    expect(bundle.bytes).toBeLessThan(60_000);
  }, 60_000);

  it('retries idempotent calls on 429/503 with backoff and Retry-After; not a POST without an Idempotency-Key', async () => {
    const waits: number[] = [];
    const answers = [
      new Response('{}', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('{}', { status: 503 }),
      Response.json({ data: [], next_cursor: null }),
    ];
    const calls: string[] = [];
    const client = createClient({
      baseUrl: 'http://x',
      fetch: async (url, init) => {
        calls.push(`${init.method} ${url}`);
        return answers.shift() ?? new Response('{"title":"busy"}', { status: 503, headers: { 'content-type': 'application/problem+json' } });
      },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await expect(client.webhooks.list()).resolves.toEqual({ data: [], next_cursor: null });
    expect(waits).toEqual([2000, 1000]);
    calls.length = 0;
    await expect(client.webhooks.create({ url: 'https://example.com', events: ['record.created'] })).rejects.toBeInstanceOf(OpsdeskApiError);
    expect(calls).toHaveLength(1);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'))).toBe(2000);
  });

  it('walks pages with an async iterator', async () => {
    const pages: Record<string, unknown> = {
      '': { data: [{ id: 'a' }, { id: 'b' }], next_cursor: 'c1' },
      c1: { data: [{ id: 'c' }], next_cursor: null },
    };
    const client = createClient({ baseUrl: 'http://x', fetch: async (url) => Response.json(pages[new URL(url).searchParams.get('cursor') ?? '']) });
    const ids: string[] = [];
    for await (const n of client.me.notifications.iterate()) ids.push((n as { id: string }).id);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('verifyWebhook refuses a wrong secret, a replayed old timestamp and a changed body', () => {
    const secret = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;
    const body = JSON.stringify({ type: 'pending.completed', timestamp: new Date().toISOString(), data: { id: 'pnd_1', outcome: 'approved' } });
    const sign = (at: Date, text = body, key = secret) => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign('msg_1', at, text),
    });
    expect(verifyWebhook(secret, body, new Headers(sign(new Date())))).toMatchObject({ type: 'pending.completed', data: { outcome: 'approved' } });
    const other = `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`;
    expect(() => verifyWebhook(other, body, sign(new Date()))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, body, sign(new Date(Date.now() - 10 * 60_000)))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, body.replace('approved', 'rejected'), sign(new Date()))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, body, {})).toThrow(WebhookVerificationError);
  });
});
