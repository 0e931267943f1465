import { AppError } from '@/lib/errors';

/**
 * Fixed-window failure counters per key, in this process's memory: enough to slow password guessing on
 * one instance. Only failures count, so a client that signs in correctly is never throttled.
 */
const windows = new Map<string, { start: number; count: number }>();

function current(key: string, windowMs: number, now: number) {
  const window = windows.get(key);
  return window && now - window.start < windowMs ? window : undefined;
}

/** Throws 429 when the key already failed `max` times in the current window. */
export function assertNotThrottled(key: string, max: number, windowMs: number, now = Date.now()): void {
  const window = current(key, windowMs, now);
  if (window && window.count >= max) {
    throw new AppError('rate_limited', `Too many failed attempts; try again in ${Math.ceil((window.start + windowMs - now) / 1000)} s.`);
  }
}

export function recordFailure(key: string, windowMs: number, now = Date.now()): void {
  const window = current(key, windowMs, now);
  if (window) window.count += 1;
  else windows.set(key, { start: now, count: 1 });
  if (windows.size > 10_000) {
    for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
  }
}
