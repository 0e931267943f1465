/**
 * Approve and Reject links in approvers' email (engine.md §5): each email telling a person that a step
 * waits on them carries two links, bound to that person, that approval item, that step and the chain's
 * generation (an edit that restarts the chain makes older links stale), valid 7 days, used once.
 *
 * The link row is written with the notification, in the change's transaction. Its tokens (256 random bits
 * each) are minted only when the message leaves through SMTP and put into that message alone: the table
 * keeps their SHA-256 hashes, and the stored copy of the message (the outbox screen) keeps a note instead.
 * Using a link is email-decisions.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { decisionLinksBlock, decisionLinksMarker, decisionLinksWithheld, publicBaseUrl } from './compose';

export const LINK_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** The page that shows a link's request and asks to confirm (outside the signed-in layout). */
export const LINK_PATH = '/email-actions';

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** A token as a link carries it: 32 random bytes, base64url (43 characters). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** How many times an edit restarted the item's chain: a link minted before a restart is stale after it. */
export async function chainGeneration(db: TenantDb, pendingId: string): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity_type', '=', 'Pending')
    .where('entity_id', '=', pendingId)
    .where('action', '=', 'restart')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The link row of an approver's email about a step (written with its notification). Returns its id. */
export async function createDecisionLink(ctx: Ctx, input: { personId: string; pendingId: string; stepIndex: number; messageId: string }): Promise<string> {
  const id = ctx.clock.id('eal');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('email_action_links', {
      id,
      person_id: input.personId,
      pending_id: input.pendingId,
      step_index: input.stepIndex,
      generation: await chainGeneration(ctx.db, input.pendingId),
      email_message_id: input.messageId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + LINK_VALIDITY_MS).toISOString(),
    })
    .execute();
  return id;
}

function replaceMarkers(body: string, part: 'text' | 'html', blocks: Map<string, { text: string; html: string }>): string {
  let out = body;
  for (const [linkId, block] of blocks) out = out.split(decisionLinksMarker(linkId, part)).join(block[part]);
  return out;
}

/**
 * The bodies of a message about to leave through SMTP, with fresh tokens in place of its link markers
 * (their hashes stored now; a retried send mints new ones, so only the last message sent works).
 */
export async function mintLinksForMessage(db: TenantDb, messageId: string, bodies: { text: string; html: string }): Promise<{ text: string; html: string }> {
  const links = await db.selectFrom('email_action_links').select(['id', 'expires_at']).where('email_message_id', '=', messageId).where('used_at', 'is', null).execute();
  if (links.length === 0) return bodies;
  const blocks = new Map<string, { text: string; html: string }>();
  for (const link of links) {
    const approve = randomBytes(32).toString('base64url');
    const reject = randomBytes(32).toString('base64url');
    await db.updateTable('email_action_links').set({ approve_hash: hashLinkToken(approve), reject_hash: hashLinkToken(reject) }).where('id', '=', link.id).execute();
    const base = `${publicBaseUrl()}${LINK_PATH}`;
    blocks.set(link.id, decisionLinksBlock({ approveUrl: `${base}/${approve}`, rejectUrl: `${base}/${reject}`, expiresAt: String(link.expires_at) }));
  }
  return { text: replaceMarkers(bodies.text, 'text', blocks), html: replaceMarkers(bodies.html, 'html', blocks) };
}

/** The stored copy's bodies: each link marker becomes a note (the tokens are never kept). */
export async function withholdLinks(db: TenantDb, messageId: string, bodies: { text: string; html: string }, sent: boolean): Promise<{ text: string; html: string }> {
  const links = await db.selectFrom('email_action_links').select('id').where('email_message_id', '=', messageId).execute();
  const note = decisionLinksWithheld(sent);
  const blocks = new Map(links.map((l) => [l.id, note]));
  return { text: replaceMarkers(bodies.text, 'text', blocks), html: replaceMarkers(bodies.html, 'html', blocks) };
}
