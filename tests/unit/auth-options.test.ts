import { afterEach, describe, expect, it, vi } from 'vitest';

// Sign-in opens a server-side session row; this unit test has no database, so the row is a fixed id.
vi.mock('@/lib/data/auth-sessions', () => ({
  openBrowserSession: vi.fn(async () => ({ id: 'ses_unit', expiresAt: new Date() })),
  endBrowserSession: vi.fn(async () => undefined),
}));

const OIDC_ENV = { OIDC_ISSUER: 'https://id.example.com/', OIDC_CLIENT_ID: 'opsdesk', OIDC_CLIENT_SECRET: 's3cret', OIDC_NAME: 'Example SSO' };

async function loadOptions(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value as string);
  vi.stubEnv('AUTH_SECRET', 'unit-test-secret-0123456789abcdef');
  const { authOptions } = await import('@/lib/auth/options');
  return authOptions();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('sign-in providers', () => {
  it('offers email and password, with JWT sessions', async () => {
    const options = await loadOptions({ OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET: '' });
    expect(options.providers.map((p) => p.id)).toEqual(['credentials']);
    expect(options.session?.strategy).toBe('jwt');
    expect(options.pages?.signIn).toBe('/signin');
  });

  it('adds a generic OpenID Connect provider when the OIDC variables are set', async () => {
    const options = await loadOptions(OIDC_ENV);
    const oidc = options.providers.find((p) => p.id === 'oidc') as unknown as Record<string, unknown>;
    expect(oidc).toMatchObject({
      name: 'Example SSO',
      type: 'oauth',
      wellKnown: 'https://id.example.com/.well-known/openid-configuration',
      clientId: 'opsdesk',
      idToken: true,
      checks: ['pkce', 'state'],
    });
  });

  it('puts person, tenant and roles into the session token at sign-in', async () => {
    const options = await loadOptions({});
    const identity = { id: 'per_1', personId: 'per_1', tenantId: 'ten_1', tenantName: 'Acme Corp', roles: ['employee', 'manager'] as const, name: 'Bob', email: 'bob@acme.example' };
    const token = await options.callbacks!.jwt!({ token: {}, user: { ...identity, roles: [...identity.roles] }, account: { provider: 'credentials', type: 'credentials', providerAccountId: 'per_1' } } as never);
    expect(token).toMatchObject({ personId: 'per_1', tenantId: 'ten_1', roles: ['employee', 'manager'], sub: 'per_1', sid: 'ses_unit' });
    const session = await options.callbacks!.session!({ session: { expires: '' }, token } as never);
    expect(session.user).toMatchObject({ personId: 'per_1', tenantId: 'ten_1', tenantName: 'Acme Corp', roles: ['employee', 'manager'], sessionId: 'ses_unit' });
  });
});
