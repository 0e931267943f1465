/**
 * Every page gets a Content-Security-Policy with a fresh nonce (Next reads it from the request's CSP header
 * and stamps it on its own inline scripts; pages are rendered per request, see app/layout.tsx), and the
 * common security headers, HSTS included when served over https. The REST API (/api/v1, /api/health)
 * never reaches this: lib/api/app.ts sets its own.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { commonSecurityHeaders, pageContentSecurityPolicy, servedOverHttps } from '@/lib/http/security-headers';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(commonSecurityHeaders(servedOverHttps(request.headers.get('x-forwarded-proto'))))) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Pages and next-auth's routes; not the build's static files, which carry next.config's headers.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
