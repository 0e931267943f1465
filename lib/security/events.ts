/**
 * Security events (engine.md §8): failed and throttled sign-ins, refused decisions, role grants and
 * removals, key mints and revocations, tokens and sessions revoked, delegations set by an admin, policy
 * edits. Written through the tenant's own database, in the transaction of the change when there is one
 * (a refused action is written after its transaction rolled back, so the refusal itself is kept).
 * Never holds a secret: `detail` carries ids, names and reasons only.
 */
import type { TenantDb } from '@/lib/data/tenant-db';
import { ulid } from 'ulidx';

export const SECURITY_EVENT_KINDS = [
  'sign_in_failed',
  'sign_in_throttled',
  'decision_refused',
  'role_granted',
  'role_removed',
  'key_minted',
  'key_revoked',
  'token_revoked',
  'session_revoked',
  'delegation_set_by_admin',
  'policy_edited',
  'person_deactivated',
  'person_reactivated',
  'invitation_sent',
  'invitation_accepted',
  'password_reset_requested',
  'password_reset_completed',
  'scim_token_minted',
  'scim_token_revoked',
  'person_provisioned_jit',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEventInput {
  kind: SecurityEventKind;
  /** Who did it (person id, or an integration key's id); null when unknown (a failed sign-in). */
  actorId?: string | null;
  /** Whom or what it was about (person id, key id, record id). */
  subjectId?: string | null;
  /** The client address, as resolved by lib/http/client-address.ts (forwarded headers only with TRUST_PROXY). */
  ip?: string | null;
  /** Words and ids a person understands; never a password, token or secret. */
  detail?: Record<string, unknown>;
  at?: Date;
}

const SECRET_KEYS = /pass|secret|token|hash|key$/i;

/** Drops anything that looks like a secret from the detail, whatever a caller passed. */
function scrub(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(detail ?? {})) {
    if (SECRET_KEYS.test(name) && name !== 'key_id') continue;
    out[name] = value;
  }
  return out;
}

export async function recordSecurityEvent(db: TenantDb, event: SecurityEventInput): Promise<void> {
  await db
    .insertInto('security_events', {
      id: `sev_${ulid()}`,
      kind: event.kind,
      actor_id: event.actorId ?? null,
      subject_id: event.subjectId ?? null,
      ip: event.ip ?? null,
      detail: JSON.stringify(scrub(event.detail)),
      created_at: (event.at ?? new Date()).toISOString(),
    })
    .execute();
}
