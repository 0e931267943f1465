/** The sign-in surface's pure pieces: redirects, OIDC claims, error words, demo mode, headers. */
import { describe, expect, it, vi } from 'vitest';
import { mergeClaims, verifiedEmail } from '@/lib/auth/oidc';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';
import { readConfig } from '@/lib/config';
import { pageContentSecurityPolicy, servedOverHttps } from '@/lib/http/security-headers';
import { safeCallbackPath, safeRedirectUrl } from '@/lib/http/safe-redirect';

describe('after sign-in, only this site', () => {
  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/x', 'javascript:alert(1)', 'evil.example', ''])(
    'refuses %j',
    (value) => {
      expect(safeCallbackPath(value)).toBe('/');
      expect(safeRedirectUrl(value, 'http://localhost:3000')).toBe('http://localhost:3000');
    },
  );

  it('keeps a path of this site with its query', () => {
    expect(safeCallbackPath('/inbox?x=1#top')).toBe('/inbox?x=1#top');
    expect(safeRedirectUrl('/travel/new', 'http://localhost:3000')).toBe('http://localhost:3000/travel/new');
    expect(safeRedirectUrl('http://localhost:3000/inbox', 'http://localhost:3000')).toBe('http://localhost:3000/inbox');
    expect(safeRedirectUrl('http://localhost:3001/inbox', 'http://localhost:3000')).toBe('http://localhost:3000');
  });
});

describe('OIDC claims', () => {
  it('takes the email from the ID token, or else from UserInfo, with its own verified flag', () => {
    expect(mergeClaims({ sub: 's', email: 'a@x.example', email_verified: true }, { sub: 's', email: 'b@x.example', email_verified: true })).toMatchObject({ email: 'a@x.example' });
    expect(mergeClaims({ sub: 's' }, { sub: 's', email: 'b@x.example', email_verified: true })).toMatchObject({ email: 'b@x.example', email_verified: true });
    expect(mergeClaims({ sub: 's', email_verified: true }, { sub: 's', email: 'b@x.example' }).email_verified).toBeUndefined();
  });

  it('trusts only email_verified === true', () => {
    expect(verifiedEmail({ sub: 's', email: 'A@X.example', email_verified: true })).toBe('a@x.example');
    expect(verifiedEmail({ sub: 's', email: 'a@x.example', email_verified: 'true' })).toBeUndefined();
    expect(verifiedEmail({ sub: 's', email: 'a@x.example', email_verified: false })).toBeUndefined();
    expect(verifiedEmail({ sub: 's', email: 'a@x.example' })).toBeUndefined();
  });
});

describe('sign-in error words', () => {
  it('says when to try again after too many attempts, and why SSO refused', () => {
    expect(signInErrorMessage('throttled:840')).toBe('Too many attempts from here; try again in 14 minutes.');
    expect(signInErrorMessage('throttled:30')).toBe('Too many attempts from here; try again in 1 minute.');
    expect(signInErrorMessage('SsoEmailNotVerified')).toMatch(/not verified/);
    expect(signInErrorMessage('SsoUnknownEmail')).toMatch(/no Opsdesk account/);
    expect(signInErrorMessage('SsoUnknownEmail')).not.toMatch(/password/);
    expect(signInErrorMessage(undefined)).toBeUndefined();
  });
});

/** readConfig over just these variables (NODE_ENV is typed as always present). */
const configOf = (env: Record<string, string>) => readConfig({ NODE_ENV: 'test', ...env } as NodeJS.ProcessEnv);

describe('demo mode and proxies', () => {
  it('is on by default only on the embedded database; DEMO_MODE=true forces it', () => {
    expect(configOf({ NODE_ENV: 'production' }).demoMode).toBe(true);
    expect(configOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' }).demoMode).toBe(false);
    expect(configOf({ DATABASE_URL: 'postgres://x/y', DEMO_MODE: 'true' }).demoMode).toBe(true);
    expect(configOf({ DEMO_MODE: 'false' }).demoMode).toBe(false);
  });

  it('trusts forwarded headers only with TRUST_PROXY', () => {
    expect(configOf({}).trustProxyHops).toBe(0);
    expect(configOf({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1);
    expect(configOf({ TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(servedOverHttps('https', 0)).toBe(false);
    expect(servedOverHttps('https', 1)).toBe(true);
  });
});

describe('the pages’ Content-Security-Policy', () => {
  it('allows scripts only with the nonce, and eval only in dev', () => {
    const production = pageContentSecurityPolicy('abc', false);
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(production).not.toContain('unsafe-eval');
    expect(production).toContain("frame-ancestors 'none'");
    expect(pageContentSecurityPolicy('abc', true)).toContain("'unsafe-eval'");
  });
});

describe('next-auth callbacks', () => {
  it('refuses an unverified SSO email before any lookup, and never redirects off-site', async () => {
    vi.stubEnv('AUTH_SECRET', 'unit-test-secret-0123456789abcdef');
    const { authOptions } = await import('@/lib/auth/options');
    const { callbacks } = authOptions();
    const verdict = await callbacks!.signIn!({ account: { provider: 'oidc' }, profile: { sub: 's', email: 'a@x.example', email_verified: false }, user: { id: 's' } } as never);
    expect(verdict).toBe('/signin?error=SsoEmailNotVerified');
    expect(await callbacks!.redirect!({ url: '//evil.example', baseUrl: 'http://localhost:3000' })).toBe('http://localhost:3000');
    expect(await callbacks!.redirect!({ url: '/inbox', baseUrl: 'http://localhost:3000' })).toBe('http://localhost:3000/inbox');
    vi.unstubAllEnvs();
  });
});
