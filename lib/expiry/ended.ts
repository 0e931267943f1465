/**
 * Whether a grant's access has ended (engine.md §4): read from its `expires_at` and the clock, never from
 * the expiry job having run. A late job (a stopped runner, JOBS=off everywhere, a restart) changes nothing:
 * once `expires_at` passes, the access cannot be extended back to life; the revocation follows when the job
 * runs. The one place this rule lives: the expiry job, `extend`, an extension's approval and the screens.
 */
export function accessEnded(grant: Record<string, unknown>, now: Date): boolean {
  return typeof grant.expires_at === 'string' && new Date(grant.expires_at).getTime() <= now.getTime();
}
