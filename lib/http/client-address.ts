/**
 * Who is on the other end of a request, for the sign-in throttle and the security log. The one rule:
 * the socket's remote address; X-Forwarded-For only when TRUST_PROXY says how many proxies of ours stand
 * in front (then the entry the outermost of them appended — entries left of it are whatever the client
 * chose to send, and a new value on every try would dodge any limit).
 *
 * server.ts resolves the address once per request and stamps it into CLIENT_ADDRESS_HEADER (after
 * deleting any copy a client sent), so that Next's side — next-auth's authorize sees only headers — reads
 * the same value as the Hono side, which resolves it from the socket itself.
 */
import type { IncomingMessage } from 'node:http';
import { config } from '@/lib/config';

export const CLIENT_ADDRESS_HEADER = 'x-opsdesk-client-address';

/** When nothing says where a request came from (an in-process call, a closed socket). */
export const UNKNOWN_ADDRESS = 'unknown';

export interface AddressSource {
  /** The TCP peer: `req.socket.remoteAddress`. */
  remoteAddress: string | undefined;
  /** The raw X-Forwarded-For header(s), if any. */
  forwardedFor: string | string[] | undefined;
}

/** `::ffff:203.0.113.9` and `203.0.113.9` are one client. */
function normalise(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientAddress(source: AddressSource, trustProxyHops = config.trustProxyHops): string {
  const socket = source.remoteAddress ? normalise(source.remoteAddress) : UNKNOWN_ADDRESS;
  if (trustProxyHops <= 0 || !source.forwardedFor) return socket;
  const forwarded = [source.forwardedFor]
    .flat()
    .join(',')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // Each trusted proxy appended one entry; the client is the entry the outermost one appended.
  const entry = forwarded[forwarded.length - trustProxyHops];
  return entry ? normalise(entry).slice(0, 64) : socket;
}

/** The address of a Node request, straight from its socket and headers. */
export function clientAddressOfNodeRequest(req: IncomingMessage): string {
  return clientAddress({ remoteAddress: req.socket?.remoteAddress, forwardedFor: req.headers['x-forwarded-for'] });
}

/**
 * server.ts, before handing a request to Next: drop any client-sent copy of the internal header (from
 * both views Node keeps of the headers) and stamp the resolved address.
 */
export function stampClientAddress(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i].toLowerCase() === CLIENT_ADDRESS_HEADER) raw.splice(i, 2);
  }
  const address = clientAddressOfNodeRequest(req);
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  raw.push(CLIENT_ADDRESS_HEADER, address);
}

/** The stamped address in a header bag (next-auth's `req.headers`); unknown when absent. */
export function stampedClientAddress(headers: Record<string, unknown> | Headers | undefined): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === 'string' && value ? value : UNKNOWN_ADDRESS;
}

/** The Hono side: @hono/node-server hands the Node request to the app as `c.env.incoming`. */
export function clientAddressOfHonoEnv(env: unknown, forwardedFor: string | undefined): string {
  const incoming = (env as { incoming?: Pick<IncomingMessage, 'socket'> } | undefined)?.incoming;
  return clientAddress({ remoteAddress: incoming?.socket?.remoteAddress, forwardedFor });
}
