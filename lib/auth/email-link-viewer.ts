/** Who opened an email link, and from where: the signed-in person in this browser (if any) and the client address. */
import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER, UNKNOWN_ADDRESS } from '@/lib/http/client-address';
import type { Viewer } from '@/lib/notifications/email-decisions';
import { currentUser } from './session';

export async function emailLinkViewer(): Promise<Viewer | null> {
  const user = await currentUser();
  return user ? { tenantId: user.tenantId, personId: user.personId, name: user.name } : null;
}

export async function requestAddress(): Promise<string> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? UNKNOWN_ADDRESS;
}
