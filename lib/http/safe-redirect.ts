/**
 * Where a person may be sent after signing in: only a path of this site. `//evil.example` and
 * `/\evil.example` are read by browsers as another host, and browsers drop tabs and newlines from URLs,
 * so `/\t/evil.example` becomes `//evil.example` — all refused.
 */
export function safeCallbackPath(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/')) return fallback;
  if (value[1] === '/' || value.includes('\\')) return fallback;
  if (/[\u0000-\u001f\u007f\s]/.test(value)) return fallback;
  const probe = new URL(value, 'http://opsdesk.invalid');
  if (probe.origin !== 'http://opsdesk.invalid') return fallback;
  return `${probe.pathname}${probe.search}${probe.hash}`;
}

/** next-auth's redirect callback: this site's absolute URLs and safe paths; anything else goes home. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith('/')) {
    const path = safeCallbackPath(url, '');
    return path ? `${base.origin}${path}` : base.origin;
  }
  try {
    const target = new URL(url);
    if (target.origin === base.origin) return target.toString();
  } catch {
    // not a URL at all
  }
  return base.origin;
}
