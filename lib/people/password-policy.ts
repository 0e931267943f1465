/**
 * The password policy, as `npm run setup` applies it: at least 12 characters (after trimming nothing —
 * spaces count), at most 256 (hashing cost is bounded), not the person's own email.
 */
import { z } from 'zod';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const passwordSchema = z
  .string({ message: 'Enter a password' })
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`)
  .refine((value) => value.trim().length >= PASSWORD_MIN, `At least ${PASSWORD_MIN} characters that are not spaces`);

/** A field error for a password, or null when it passes (the email is the person's own). */
export function passwordProblem(password: unknown, email: string): string | null {
  const result = passwordSchema.safeParse(password);
  if (!result.success) return result.error.issues[0]?.message ?? 'Not a valid password';
  if (result.data.trim().toLowerCase() === email.toLowerCase()) return 'Choose something other than your email';
  return null;
}
