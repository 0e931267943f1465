import { AppError } from '@/lib/errors';

/** A fixed-window counter per key, in this process's memory (enough for one instance's sign-in endpoint). */
const windows = new Map<string, { start: number; count: number }>();

export function rateLimit(key: string, max: number, windowMs: number, now = Date.now()): void {
  const current = windows.get(key);
  if (!current || now - current.start >= windowMs) {
    windows.set(key, { start: now, count: 1 });
    if (windows.size > 10_000) {
      for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    }
    return;
  }
  current.count += 1;
  if (current.count > max) {
    throw new AppError('rate_limited', `Too many attempts; try again in ${Math.ceil((current.start + windowMs - now) / 1000)} s.`);
  }
}
