/**
 * The database roles and the session setting row-level security reads (migration 0006).
 *
 * - The owner (DATABASE_URL's user; PGlite's built-in superuser) owns the tables and runs migrations, the
 *   seed and the db:* CLI. It is never used on a request path outside the system context.
 * - APP_ROLE runs every tenant's queries: it owns nothing, cannot bypass RLS, and each tenant table's
 *   policy admits only rows whose tenant_id equals TENANT_SETTING.
 * - SYSTEM_ROLE is the audited cross-tenant context (lib/data/system.ts): BYPASSRLS, data privileges only
 *   (no ownership, no DDL, not a superuser).
 *
 * Roles are cluster-wide on PostgreSQL: every Opsdesk database on a server shares these two (NOLOGIN) roles;
 * grants and policies are per database.
 */
export const APP_ROLE = 'opsdesk_app';
export const SYSTEM_ROLE = 'opsdesk_system';
export const TENANT_SETTING = 'app.tenant_id';
/** The session's tenant in SQL, or NULL when none is set — so a policy on it fails closed. */
export const CURRENT_TENANT_SQL = `nullif(current_setting('${TENANT_SETTING}', true), '')`;
