/**
 * The words for each way a sign-in can fail, by next-auth's error code (in `/signin?error=` or in
 * signIn()'s result). Shared by the sign-in page (after a redirect) and the form (after a submit); no
 * server code here, so the form can import it.
 */
/** A throttled password sign-in: `throttled:<seconds to wait>` (thrown by the Credentials provider). */
export const THROTTLED_ERROR = 'throttled:';

export function signInErrorMessage(code: string | undefined | null): string | undefined {
  if (!code) return undefined;
  if (code.startsWith(THROTTLED_ERROR)) {
    const minutes = Math.max(1, Math.ceil(Number(code.slice(THROTTLED_ERROR.length)) / 60) || 15);
    return `Too many attempts from here; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  switch (code) {
    case 'CredentialsSignin':
      return 'That email and password do not match an account.';
    case 'SsoEmailNotVerified':
      return 'Your single sign-on provider has not verified your email address, so it cannot sign you in here. Verify it with your provider, then try again.';
    case 'SsoUnknownEmail':
      return 'Single sign-on worked, but no Opsdesk account uses that email address. Ask an administrator to add you.';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'OAuthAccountNotLinked':
    case 'Callback':
      return 'Single sign-on did not complete. Try again, or sign in with your email and password.';
    default:
      return 'Sign-in failed. Please try again.';
  }
}
