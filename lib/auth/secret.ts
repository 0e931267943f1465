/**
 * AUTH_SECRET signs API tokens and encrypts browser sessions. Unset, a random one is generated once and
 * kept in the data folder, so that `npm start` needs no configuration. In production against PostgreSQL
 * (a real deployment, several instances) it must be set: each instance would otherwise make its own.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '@/lib/config';

export class ConfigurationError extends Error {}

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.AUTH_SECRET?.trim() || process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return (cached = fromEnv);
  if (config.production && config.databaseUrl) {
    throw new ConfigurationError(
      'AUTH_SECRET is not set. In production with DATABASE_URL every instance must share one secret: ' +
        'set AUTH_SECRET to a long random string (e.g. `openssl rand -base64 32`).',
    );
  }
  const file = path.join(config.dataDir, 'auth-secret');
  try {
    return (cached = fs.readFileSync(file, 'utf8').trim());
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
    } catch {
      // Another process wrote it first: use theirs.
      return (cached = fs.readFileSync(file, 'utf8').trim());
    }
    return (cached = secret);
  }
}
