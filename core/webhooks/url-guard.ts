/**
 * The SSRF guard for webhook URLs. A webhook makes our servers send requests to an address an
 * organisation chose, so an address inside our own network (Redis, MongoDB, cloud metadata at
 * 169.254.169.254) must never be reachable through it. The guard runs twice: when the URL is
 * registered (a clear 400) and inside the DNS lookup of every delivery, on the address the
 * socket really connects to, so a name that later re-resolves to a private address (DNS
 * rebinding) is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 can reach IPv4 private space
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True when `address` is loopback, private, link-local, multicast or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // ::ffff:10.0.0.1 reaches 10.0.0.1.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

/**
 * Whether this URL is the one exception to "https and public": a receiver on
 * http://127.0.0.1 while NODE_ENV=test, so tests can run a local receiver.
 */
export function isTestReceiver(config: Pick<Config, 'NODE_ENV'>, url: URL): boolean {
  return config.NODE_ENV === 'test' && url.protocol === 'http:' && url.hostname === '127.0.0.1';
}

const invalidUrl = (message: string) => new AppError('invalid', message, { issues: [{ path: 'url', message }] });

/**
 * Parse and check a webhook URL: https only, no credentials, and every address its host
 * resolves to must be public. Throws `invalid` naming the field.
 */
export async function checkWebhookUrl(config: Pick<Config, 'NODE_ENV'>, raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('must be an absolute https URL');
  }
  if (url.username || url.password) throw invalidUrl('must not contain credentials');
  if (isTestReceiver(config, url)) return url;
  if (url.protocol !== 'https:') throw invalidUrl('must use https');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookupAll(host)).map((a) => a.address);
  } catch {
    throw invalidUrl(`the host ${host} does not resolve`);
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw invalidUrl('must point at a public address (private, loopback and link-local addresses are refused)');
  }
  return url;
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses: the check happens on the
 * address the socket connects to, after any re-resolution.
 */
export function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad || addresses.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to a non-public address`);
      refused.code = 'EPRIVATE';
      return callback(refused, '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
