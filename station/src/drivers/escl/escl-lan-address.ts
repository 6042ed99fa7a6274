/**
 * Where an eSCL scanner the configuration does not name may be: an address a scanner on the office
 * network can have. Private (10/8, 172.16/12, 192.168/16, unique-local fc00::/7) and link-local
 * (169.254/16, fe80::/10) ranges, and the subnet of the interface discovery listens on when one is
 * set; never a public address, nor the station's own loopback (its web app, a registry beside it)
 * unless that is the interface asked for, nor any of the station's own network addresses (its web
 * app and anything else it serves answer there too; a responder on the station itself, or its own
 * announcements heard back, are not a scanner on the network). An mDNS announcement is no proof of
 * anything: anyone on the network can send one, naming any address, and the station would send its
 * requests there.
 */
import { BlockList, isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** This machine's interfaces, as `os.networkInterfaces()` gives them (tests give their own). */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** The private and link-local ranges: built once. */
const PRIVATE = new BlockList();
for (const [net, prefix, type] of [
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
] as const) {
  PRIVATE.addSubnet(net, prefix, type);
}

/** This machine's interface with `address`, or null. */
export function localInterface(address: string, interfaces: Interfaces = networkInterfaces()): { cidr: string; family: 'ipv4' | 'ipv6' } | null {
  for (const list of Object.values(interfaces)) {
    for (const i of list ?? []) {
      if (i.address === address && i.cidr) return { cidr: i.cidr, family: i.family === 'IPv6' ? 'ipv6' : 'ipv4' };
    }
  }
  return null;
}

/** What an address is to the station: a scanner's possible address, one of its own, or neither. */
export type AddressKind = 'lan' | 'station' | 'off-network';

/**
 * The check of addresses for one listening interface, built once (the interface list read once, the
 * ranges made once): `interfaceAddress` is the interface discovery listens on, if one is set.
 */
export function lanAddressCheck(interfaceAddress?: string, interfaces: Interfaces = networkInterfaces()): (address: string) => AddressKind {
  // a BlockList, not a set of spellings: it knows an address however written (FE80:0::1 and fe80::1,
  // and an IPv4 address written as IPv4-mapped IPv6, ::ffff:c0a8:105)
  const own = new BlockList();
  for (const list of Object.values(interfaces)) {
    // loopback is off the network anyway, unless it is the interface asked for (then it is the network)
    for (const i of list ?? []) {
      const address = i.address.replace(/%.*$/, ''); // without its zone (fe80::1%eth0)
      if (!i.internal && isIP(address)) own.addAddress(address, i.family === 'IPv6' ? 'ipv6' : 'ipv4');
    }
  }
  const listening = interfaceAddress ? localInterface(interfaceAddress, interfaces) : null;
  let subnet: BlockList | null = null;
  if (listening) {
    const [net, prefix] = listening.cidr.split('/');
    subnet = new BlockList();
    subnet.addSubnet(net!, Number(prefix), listening.family);
  }
  return (address) => {
    const ip = address.replace(/^\[|\]$/g, '');
    // a zone id (fe80::1%eth0) is no address a scanner URL can hold (new URL throws on it)
    if (ip.includes('%')) return 'off-network';
    const family = isIP(ip);
    if (family === 0) return 'off-network';
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (own.check(ip, type)) return 'station';
    return PRIVATE.check(ip, type) || subnet?.check(ip, type) ? 'lan' : 'off-network';
  };
}

/** Whether `address` (an IP literal; a host name is not) is one an office scanner can have, listening on `interfaceAddress`. */
export function isLanAddress(address: string, interfaceAddress?: string, interfaces?: Interfaces): boolean {
  return lanAddressCheck(interfaceAddress, interfaces)(address) === 'lan';
}
