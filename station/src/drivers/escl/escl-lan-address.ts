/**
 * Where an eSCL scanner the configuration does not name may be: an address a scanner on the office
 * network can have. Private (10/8, 172.16/12, 192.168/16, unique-local fc00::/7) and link-local
 * (169.254/16, fe80::/10) ranges, and the subnet of the interface discovery listens on when one is
 * set; never a public address, nor the station's own loopback (its web app, a registry beside it)
 * unless that is the interface asked for. An mDNS announcement is no proof of anything: anyone on
 * the network can send one, naming any address, and the station would send its requests there.
 */
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const PRIVATE: [string, number, 'ipv4' | 'ipv6'][] = [
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
];

/** This machine's interface with `address`, as `os.networkInterfaces()` describes it, or null. */
export function localInterface(address: string): { cidr: string; family: 'ipv4' | 'ipv6' } | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.address === address && i.cidr) return { cidr: i.cidr, family: i.family === 'IPv6' ? 'ipv6' : 'ipv4' };
    }
  }
  return null;
}

/** Whether `address` (an IP literal; a host name is not) is one an office scanner can have, listening on `interfaceAddress`. */
export function isLanAddress(address: string, interfaceAddress?: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  // a zone id (fe80::1%eth0) is no address a scanner URL can hold (new URL throws on it)
  if (ip.includes('%')) return false;
  const family = isIP(ip);
  if (family === 0) return false;
  const ranges = new BlockList();
  for (const [net, prefix, type] of PRIVATE) ranges.addSubnet(net, prefix, type);
  const own = interfaceAddress ? localInterface(interfaceAddress) : null;
  if (own) {
    const [net, prefix] = own.cidr.split('/');
    ranges.addSubnet(net!, Number(prefix), own.family);
  }
  return ranges.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}
