import { UnrecoverableError } from 'bullmq';
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Where webhooks may go (docs/notifications.md, "Webhooks"). */
export interface WebhookPolicy {
  /** Plain `http` receivers: only in embedded mode (LAUREL_EMBEDDED). */
  allowHttp: boolean;
  /** Hosts exempt from the private-address rule (WEBHOOK_ALLOWED_HOSTS), lower case. */
  allowedHosts: readonly string[];
  /** Signs for receivers that set no secret of their own (WEBHOOK_SIGNING_SECRET). */
  signingSecret?: string;
}

export const STRICT_WEBHOOK_POLICY: WebhookPolicy = { allowHttp: false, allowedHosts: [] };

/** A delivery that retrying cannot fix (a refused destination, a redirect): dead-lettered at once. */
export class WebhookRefused extends UnrecoverableError {}

/**
 * Addresses a webhook must not reach: unspecified, loopback, private, CGNAT, link-local, unique-local,
 * multicast and reserved ranges (an attacker's webhook URL must not probe the operator's network).
 */
const FORBIDDEN = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ];
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  const v6: [string, number][] = [['::', 128], ['::1', 128], ['fe80::', 10], ['fec0::', 10], ['fc00::', 7], ['ff00::', 8], ['64:ff9b::', 96], ['2002::', 16]];
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** True when the address is one a webhook may not reach (IPv4-mapped IPv6 counts as its IPv4). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1], 'ipv4');
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface CheckedDestination {
  url: URL;
  /** Resolves the host to the addresses that were checked, and only those (no second DNS answer). */
  lookup: LookupFunction;
}

/**
 * Checks a receiver's URL against the policy and resolves its host once: every address it resolves
 * to must be allowed, and the connection then goes to those addresses (DNS rebinding finds no gap).
 */
export async function checkDestination(raw: string, policy: WebhookPolicy): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookRefused(`webhook URL is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new WebhookRefused(`webhook URL must use https${policy.allowHttp ? ' or http' : ' (plain http only in embedded mode)'}: ${url.protocol}//${url.host}`);
  }
  if (url.username || url.password) throw new WebhookRefused('webhook URL must not carry credentials');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await dnsLookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`webhook host ${host} did not resolve`);
  if (!policy.allowedHosts.includes(host)) {
    const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
    if (forbidden) {
      throw new WebhookRefused(`webhook host ${host} resolves to ${forbidden.address}, a loopback, private or link-local address; list the host in WEBHOOK_ALLOWED_HOSTS to allow it`);
    }
  }
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else {
      const wanted = options.family === 4 || options.family === 6 ? addresses.find((a) => a.family === options.family) : undefined;
      const chosen = wanted ?? addresses[0];
      callback(null, chosen.address, chosen.family);
    }
  };
  return { url, lookup };
}
