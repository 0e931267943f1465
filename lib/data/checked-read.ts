/**
 * A read that checks its caller's session in its own round trip (issue 13). An API read used to cost two
 * statements before its answer: the session row joined to the person (are they still signed in, with which
 * roles), then the read itself. Here the read's first SELECT carries the session check as one more column
 * (`sessionProbe`, a scalar subquery run once per statement), so the common request is one statement:
 *
 * 1. the read runs as the caller with the roles it expects (the roles this session had on its previous
 *    request in this process, else those signed into the token — a guess, never trusted);
 * 2. the check comes back with the person's roles of this moment, read in the same statement (same snapshot);
 * 3. no live session → the answer is thrown away and the caller refused; roles other than the guess → the
 *    read runs again as the caller with the real roles; the same roles → the answer stands, exactly what the
 *    read would have given after a separate check. Nothing is cached across requests but the guess.
 *
 * When the first SELECT returns no rows the check's value does not come back with it, so the session is
 * read on its own (`resolveSession`): an empty list or a 404 costs the two statements it always did.
 *
 * Only for reads: the read's later statements run before the check is known (they change nothing), and its
 * answer is released only after it. Writes resolve their caller first, as before (lib/api/caller.ts).
 */
import {
  AliasNode,
  IdentifierNode,
  SelectionNode,
  SelectQueryNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { getDatabase } from '@/db';
import type { Role, SourceType } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { readProbe, resolveSession, sessionProbe, touchSession, withEmployee } from './auth-sessions';
import { contextFor, systemClock, type Ctx } from './context';
import { tenantDbWithPlugin } from './tenant-db';

/** A session the request names (a personal token's `jti`, a browser session's `sid`), its signature checked. */
export interface SessionCredential {
  tenantId: string;
  personId: string;
  sessionId: string;
  /** The roles signed into the token or cookie when it was issued: only a first guess. */
  claimedRoles: readonly Role[];
  sourceType: SourceType;
}

const PROBE_COLUMN = '__session_check';

/** Adds the session check to the first SELECT run through it and takes its value off the rows. */
class SessionProbePlugin implements KyselyPlugin {
  #queryId: object | undefined;
  /** undefined: not come back (no SELECT yet, or no rows); null: no live session; else the probe's text. */
  value: string | null | undefined;

  constructor(private readonly probe: ReturnType<typeof sessionProbe>) {}

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (this.#queryId || !SelectQueryNode.is(node) || node.setOperations?.length || node.distinctOn?.length) return node;
    this.#queryId = queryId;
    return SelectQueryNode.cloneWithSelections(node, [SelectionNode.create(AliasNode.create(this.probe.toOperationNode(), IdentifierNode.create(PROBE_COLUMN)))]);
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (queryId !== this.#queryId || result.rows.length === 0) return result;
    this.value = result.rows[0][PROBE_COLUMN] as string | null;
    // The column is the last one each row got, so removing it leaves the row's shape as without it.
    for (const row of result.rows) delete row[PROBE_COLUMN];
    return result;
  }
}

/** Each session's roles on its last request in this process: the next request's guess (bounded). */
const HINTS_MAX = 1000;
const roleHints = new Map<string, readonly Role[]>();

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function callerOf(credential: SessionCredential, roles: readonly Role[]): Caller {
  return { tenantId: credential.tenantId, personId: credential.personId, roles, appId: null, sourceType: credential.sourceType, sessionId: credential.sessionId };
}

/**
 * Runs `read` for the session's person, checking the session in the read's first statement. Answers the
 * caller it ran as (roles of this moment) and the read's result, or null when the session is not live
 * (revoked, expired, someone else's, the person deactivated or gone): the caller is then refused.
 */
export async function checkedRead<T>(credential: SessionCredential, read: (ctx: Ctx) => Promise<T>): Promise<{ caller: Caller; result: T } | null> {
  const { db } = await getDatabase();
  const now = new Date();
  const guess = roleHints.get(credential.sessionId) ?? withEmployee(credential.claimedRoles);
  const plugin = new SessionProbePlugin(sessionProbe(credential.tenantId, credential.sessionId, credential.personId, now));
  const probed = tenantDbWithPlugin(db, credential.tenantId, plugin);
  let outcome: { ok: true; result: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, result: await read({ caller: callerOf(credential, guess), db: probed, clock: systemClock, root: probed }) };
  } catch (error) {
    outcome = { ok: false, error };
  }

  let roles: readonly Role[];
  if (plugin.value === undefined) {
    const principal = await resolveSession(credential.tenantId, credential.sessionId, credential.personId);
    if (!principal) return null;
    roles = principal.roles;
  } else {
    const state = readProbe(plugin.value);
    if (!state) return null;
    if (state.touch) await touchSession(credential.tenantId, credential.sessionId, now);
    roles = state.roles;
  }
  if (roleHints.size >= HINTS_MAX && !roleHints.has(credential.sessionId)) roleHints.delete(roleHints.keys().next().value as string);
  roleHints.set(credential.sessionId, roles);

  if (!sameRoles(roles, guess)) {
    // The person's roles changed since the guess: what was read may differ, so read again as they are now.
    const caller = callerOf(credential, roles);
    return { caller, result: await read(contextFor(db, caller)) };
  }
  if (!outcome.ok) throw outcome.error;
  return { caller: callerOf(credential, roles), result: outcome.result };
}
