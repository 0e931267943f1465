/**
 * Where a webhook may be delivered: public addresses only, unless `WEBHOOK_ALLOW_PRIVATE=true` (a receiver
 * on the same machine or network, in development and tests). Checked when an endpoint is saved (a literal
 * private address, `localhost`) and again at delivery, on the address the name resolves to at connection
 * time (`safeLookup`), so a name that later resolves to a private address (DNS rebinding) is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

export function privateAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env.WEBHOOK_ALLOW_PRIVATE === 'true';
}

/** Whether an IP address is private, loopback, link-local, reserved or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return blocked.check(address, 'ipv4');
}

/** Why a URL may not receive webhooks (saved endpoints), or null. Names are resolved only at delivery. */
export function urlProblem(raw: string, allowPrivate = privateAllowed()): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Expected an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Expected an http(s) URL';
  if (url.username || url.password) return 'Put no user name or password in the URL';
  if (allowPrivate) return null;
  // `localhost.` (a fully qualified name's trailing dot) is localhost too.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return 'Private and loopback addresses cannot receive webhooks';
  if (isIP(host) && isPrivateAddress(host)) return 'Private and loopback addresses cannot receive webhooks';
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses private answers: the check happens on the address connected to. */
export function safeLookup(allowPrivate = privateAllowed()) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = !allowPrivate && list.some((a) => isPrivateAddress(a.address));
      if (refused || list.length === 0) {
        const denied = Object.assign(new Error(`${hostname} resolves to a private address; webhooks go to public addresses only`), { code: 'EPRIVATE' });
        return callback(denied, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
