// A real OpenID provider on loopback for e2e/sso.spec.ts (oidc-provider, a certified implementation), with
// its own sign-in pages. The login name chosen on its form picks one of the people below.
import Provider from 'oidc-provider';

const port = Number(process.env.E2E_OIDC_PORT ?? 3918);
const appPort = Number(process.env.E2E_PORT ?? 3917);
export const issuer = `http://127.0.0.1:${port}`;

/** Login name → what the provider says about that person. */
const PEOPLE = {
  // A known, verified email in the ID token.
  'alice-idtoken': { email: 'alice@acme.example', email_verified: true, name: 'Alice (SSO)' },
  // A known, verified email only in UserInfo (the ID token carries just `sub`).
  'bob-userinfo': { email: 'bob@acme.example', email_verified: true, name: 'Bob (SSO)', userinfoOnly: true },
  // A known email the provider has not verified.
  'hana-unverified': { email: 'hana@acme.example', email_verified: false, name: 'Hana (SSO)' },
  // A verified email no Opsdesk person has.
  stranger: { email: 'stranger@nowhere.example', email_verified: true, name: 'Stranger' },
  // A known employee whose provider claims they are an admin.
  'alice-admin-claim': { email: 'alice@acme.example', email_verified: true, name: 'Alice (SSO)', roles: ['admin'] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'opsdesk-e2e',
      client_secret: 'opsdesk-e2e-oidc-secret',
      redirect_uris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
  // Scope claims go into the ID token too (the spec's default keeps them for UserInfo only).
  conformIdTokenClaims: false,
  cookies: { keys: ['e2e-only-cookie-key-0000000000000000'] },
  async findAccount(_ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims(use) {
        const { userinfoOnly, ...claims } = person;
        if (userinfoOnly && use === 'id_token') return { sub: id };
        return { sub: id, ...claims };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider: ${issuer}`));
