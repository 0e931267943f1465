/** Where a document is downloaded and verified (absolute: a deliverable URL and a QR code must be). */
import { publicBaseUrl } from '@/lib/notifications/compose';

export function documentUrl(id: string): string {
  return `${publicBaseUrl()}/api/v1/documents/${id}`;
}

export function verifyUrl(code: string): string {
  return `${publicBaseUrl()}/verify/${code}`;
}
