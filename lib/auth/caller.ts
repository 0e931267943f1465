import type { Role, SourceType } from '@/db/schema';

/**
 * Who is acting: the only way into the data layer. Every read and write takes one, and the tenant in it
 * bounds every query. Built from a bearer token (lib/auth/tokens.ts) or a browser session
 * (lib/auth/session.ts), never from anything the client says about itself.
 */
export interface Caller {
  tenantId: string;
  personId: string;
  roles: readonly Role[];
  /**
   * Present only for integration keys: the caller then sees only records written with this app_id, and
   * `personId` is the key's own id (`key_…`), never the admin who minted it (engine.md §2).
   */
  appId: string | null;
  /** Where writes come from when the client does not say: 'api' for REST, 'frontend' for the app's pages. */
  sourceType: SourceType;
  /** The browser session or personal token (auth_sessions id) the request came with; null otherwise. */
  sessionId?: string | null;
  /** A decision made through an approver's email link: the history records it as made from email. */
  via?: 'email';
}

export function hasRole(caller: Pick<Caller, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((role) => caller.roles.includes(role));
}

export const isAdmin = (caller: Pick<Caller, 'roles'>) => caller.roles.includes('admin');
