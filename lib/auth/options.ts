/**
 * next-auth (v4) configuration: a Credentials provider over the people of every tenant, an optional
 * generic OIDC provider switched on by OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET, and JWT
 * sessions that carry person id, tenant id and roles.
 */
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Role } from '@/db/schema';
import { config } from '@/lib/config';
import { authenticate, findIdentityByEmail } from '@/lib/data/accounts';
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

function providers(): AuthOptions['providers'] {
  const list: AuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const identity = await authenticate(credentials.email, credentials.password);
        if (!identity) return null;
        return { id: identity.personId, ...identity };
      },
    }),
  ];
  if (config.oidc) {
    const { issuer, clientId, clientSecret, name } = config.oidc;
    list.push({
      id: 'oidc',
      name,
      type: 'oauth',
      wellKnown: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId,
      clientSecret,
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile' } },
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
      },
    });
  }
  return list;
}

export function authOptions(): AuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'credentials') return true;
        // OIDC: the email must belong to a person of some tenant.
        return !!(user.email && (await findIdentityByEmail(user.email)));
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
