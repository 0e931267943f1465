/**
 * next-auth (v4) configuration: a Credentials provider over the people of every tenant, an optional
 * generic OIDC provider switched on by OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET, and JWT
 * sessions that carry person id, tenant id and roles.
 */
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Role } from '@/db/schema';
import { config } from '@/lib/config';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { stampedClientAddress } from '@/lib/http/client-address';
import { safeRedirectUrl } from '@/lib/http/safe-redirect';
import { oidcProvider, verifiedEmail, type OidcClaims, type SsoRefusal } from './oidc';
import { signInWithPassword } from './password-sign-in';
import { THROTTLED_ERROR } from './sign-in-errors';
import { endBrowserSession, openBrowserSession } from '@/lib/data/auth-sessions';
import { requestUserAgent } from './request-user-agent';
import { authSecret } from './secret';

declare module 'next-auth' {
  interface Session {
    user: { personId: string; tenantId: string; tenantName: string; roles: Role[]; name: string; email: string; sessionId: string };
  }
  interface User {
    personId?: string;
    tenantId?: string;
    tenantName?: string;
    roles?: Role[];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    personId?: string;
    tenantId?: string;
    tenantName?: string;
    roles?: Role[];
    /** The auth_sessions row of this browser session: revoked at sign-out or from "Sessions and tokens". */
    sid?: string;
  }
}

/**
 * Single sign-on lets in a verified email that belongs to an active person — or, when a tenant allows the
 * email's domain, creates that person first (lib/people/jit.ts); the sign-in page says why not otherwise.
 */
async function ssoVerdict(claims: OidcClaims | undefined): Promise<true | string> {
  const email = verifiedEmail(claims);
  // The provisioning module (and the domain it pulls in) loads only when an unknown email signs in.
  const provision = async (address: string) => (await import('@/lib/people/jit')).provisionFromSso(address, claims?.name);
  const known = email ? ((await findIdentityByEmail(email)) ?? (await provision(email))) : undefined;
  const refusal: SsoRefusal | undefined = !email ? 'SsoEmailNotVerified' : !known ? 'SsoUnknownEmail' : undefined;
  return refusal ? `/signin?error=${refusal}` : true;
}

function providers(): AuthOptions['providers'] {
  const list: AuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        // server.ts stamped the client's address into this header after dropping any client-sent copy.
        const signIn = await signInWithPassword(credentials.email, credentials.password, stampedClientAddress(req?.headers));
        // next-auth hands a thrown message to the sign-in form as its error code (see THROTTLED_ERROR).
        if (signIn.outcome === 'throttled') throw new Error(`${THROTTLED_ERROR}${signIn.retryAfterSeconds}`);
        if (signIn.outcome === 'wrong') return null;
        return { id: signIn.identity.personId, ...signIn.identity };
      },
    }),
  ];
  if (config.oidc) list.push(oidcProvider(config.oidc));
  return list;
}

export function authOptions(): AuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    // Secure cookies (and their __Secure- names) whenever the public URL is https.
    useSecureCookies: (process.env.NEXTAUTH_URL ?? '').toLowerCase().startsWith('https://'),
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider === 'credentials') return true;
        return ssoVerdict(profile as OidcClaims | undefined);
      },
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const identity = account.provider === 'credentials' ? user : await findIdentityByEmail(user.email ?? '');
          if (identity) {
            token.personId = identity.personId;
            token.tenantId = identity.tenantId;
            token.tenantName = identity.tenantName;
            token.roles = identity.roles;
            token.name = identity.name;
            token.email = identity.email;
            token.sub = identity.personId;
            if (identity.tenantId && identity.personId) token.sid = (await openBrowserSession(identity.tenantId, identity.personId, await requestUserAgent())).id;
          }
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          personId: token.personId ?? '',
          tenantId: token.tenantId ?? '',
          tenantName: token.tenantName ?? '',
          roles: token.roles ?? [],
          name: token.name ?? '',
          email: token.email ?? '',
          sessionId: token.sid ?? '',
        };
        return session;
      },
    },
    events: {
      // Signing out ends the session on the server too: a copied cookie stops working with it.
      async signOut({ token }) {
        if (token?.sid && token.tenantId) await endBrowserSession(token.tenantId, token.sid);
      },
    },
  };
}
