import { headers } from 'next/headers';

/**
 * The browser's user agent during a next-auth callback (it labels the session on the "Sessions and
 * tokens" screen). next-auth v4 gives callbacks no request; Next's request scope has the headers. Outside
 * a request (unit tests, scripts) there is none, and the label stays empty.
 */
export async function requestUserAgent(): Promise<string | null> {
  try {
    return (await headers()).get('user-agent');
  } catch {
    return null;
  }
}
