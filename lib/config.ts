/**
 * Runtime configuration, read once from the environment. Everything has a default that works on a fresh
 * machine with no set-up: the embedded database in ./data and a generated secret kept beside it.
 */
import path from 'node:path';

export interface AppConfig {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and the generated secret. */
  dataDir: string;
  port: number;
  production: boolean;
  /**
   * Demo mode seeds the demo tenants into an empty database and lists their people on the sign-in page.
   * On by default only on the embedded database (no DATABASE_URL); anywhere else only with DEMO_MODE=true,
   * so a production install never starts with well-known passwords.
   */
  demoMode: boolean;
  /**
   * How many reverse proxies in front of the server add to X-Forwarded-For (TRUST_PROXY: `true` = 1, or a
   * number). 0: forwarded headers are ignored and the client is the socket's remote address.
   */
  trustProxyHops: number;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function proxyHops(value: string | undefined): number {
  const text = value?.trim().toLowerCase() ?? '';
  if (/^\d+$/.test(text)) return Math.min(Number(text), 10);
  return flag(text, false) ? 1 : 0;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
  return {
    databaseUrl,
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR?.trim() || path.join(/*turbopackIgnore: true*/ process.cwd(), 'data')),
    port: Number(env.PORT) || 3000,
    production: env.NODE_ENV === 'production',
    demoMode: flag(env.DEMO_MODE, !databaseUrl),
    trustProxyHops: proxyHops(env.TRUST_PROXY),
    oidc:
      issuer && clientId && clientSecret
        ? { issuer, clientId, clientSecret, name: env.OIDC_NAME?.trim() || 'Single sign-on' }
        : undefined,
  };
}

export const config: AppConfig = readConfig();
