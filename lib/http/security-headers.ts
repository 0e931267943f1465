/**
 * The security headers of every response: pages (proxy.ts, with their Content-Security-Policy) and the
 * REST API (lib/api/app.ts — proxy.ts and next.config headers never see the Hono paths).
 */
import { config } from '@/lib/config';

/**
 * Served over https: the public URL (NEXTAUTH_URL) is https, or — only when TRUST_PROXY says a proxy of
 * ours stands in front — that proxy said so in X-Forwarded-Proto.
 */
export function servedOverHttps(forwardedProto: string | null | undefined, trustProxyHops = config.trustProxyHops): boolean {
  if (process.env.NEXTAUTH_URL?.trim().toLowerCase().startsWith('https://')) return true;
  if (trustProxyHops <= 0 || !forwardedProto) return false;
  const values = forwardedProto.split(',').map((v) => v.trim().toLowerCase());
  return values[values.length - 1] === 'https';
}

/** Headers every response carries, page or API. */
export function commonSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'X-Frame-Options': 'DENY',
    ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** The API answers JSON only: nothing in it may run, load or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy: scripts only with this response's nonce (Next stamps it on its own inline scripts)
 * and from scripts they load ('strict-dynamic'); no eval outside dev (React's dev tools need it there).
 * Styles allow inline attributes, which Radix and sonner set for positioning.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
