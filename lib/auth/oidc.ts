/**
 * Single sign-on with any OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET).
 *
 * The provider says who someone is — an email it has verified — and nothing more: the person, tenant and
 * roles come from Opsdesk's own records (lib/auth/options.ts looks the email up). Claims such as `roles`
 * or `groups` are ignored.
 */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { AppConfig } from '@/lib/config';

/** What the provider said about the person: the ID token's claims, completed from UserInfo. */
export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  [claim: string]: unknown;
}

/** Why single sign-on refused someone; the sign-in page explains each (app/signin/sign-in-errors.ts). */
export type SsoRefusal = 'SsoEmailNotVerified' | 'SsoUnknownEmail';

/**
 * The email and whether it is verified, from the ID token when it carries the email, else from UserInfo
 * (the code flow often puts profile claims only there). The pair always comes from one source, so a
 * verified flag for one email never vouches for another.
 */
export function mergeClaims(idToken: OidcClaims, userinfo: Partial<OidcClaims> | undefined): OidcClaims {
  if (idToken.email || !userinfo) return idToken;
  return { ...idToken, email: userinfo.email, email_verified: userinfo.email_verified, name: idToken.name ?? userinfo.name };
}

/** Only `email_verified: true` counts (not "true", not absent): an unverified email could be anyone's. */
export function verifiedEmail(claims: Partial<OidcClaims> | undefined): string | undefined {
  if (!claims?.email || claims.email_verified !== true) return undefined;
  return claims.email.trim().toLowerCase();
}

export function oidcProvider(oidc: NonNullable<AppConfig['oidc']>): OAuthConfig<OidcClaims> {
  return {
    id: 'oidc',
    name: oidc.name,
    type: 'oauth',
    wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: 'openid email profile' } },
    userinfo: {
      // next-auth reads only the ID token when idToken is set; ask UserInfo too when the email is not in
      // it. openid-client checks that UserInfo's `sub` is the ID token's.
      async request({ tokens, client }) {
        // At run time `tokens` is openid-client's TokenSet (next-auth types it as its plain parameters).
        const tokenSet = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): OidcClaims };
        const idToken = tokenSet.claims();
        if (idToken.email) return idToken;
        return mergeClaims(idToken, (await client.userinfo(tokenSet)) as Partial<OidcClaims>);
      },
    },
    profile(claims) {
      return { id: claims.sub, email: claims.email ?? null, name: claims.name ?? claims.email ?? null };
    },
  };
}
