/** Which addresses an eSCL scanner the configuration does not name may have (this machine's interfaces given by the test). */
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLanAddress, lanAddressCheck, type Interfaces } from '../../../../station/src/drivers/escl/escl-lan-address.ts';

const iface = (address: string, cidr: string, internal = false): NetworkInterfaceInfo =>
  (address.includes(':')
    ? { address, cidr, netmask: '', family: 'IPv6', mac: '00:00:00:00:00:00', internal, scopeid: 0 }
    : { address, cidr, netmask: '', family: 'IPv4', mac: '00:00:00:00:00:00', internal }) as NetworkInterfaceInfo;

/** A station on the office LAN (192.168.1.5, a link-local IPv6) with its loopback. */
const STATION: Interfaces = {
  lo: [iface('127.0.0.1', '127.0.0.1/8', true), iface('::1', '::1/128', true)],
  eth0: [iface('192.168.1.5', '192.168.1.5/24'), iface('fe80::a00:27ff:fe4e:66a1', 'fe80::a00:27ff:fe4e:66a1/64')],
};

describe('isLanAddress', () => {
  it('private and link-local ranges are an office network', () => {
    for (const a of ['10.0.0.5', '172.16.0.1', '172.31.255.254', '192.168.1.20', '169.254.10.3', 'fe80::1', '[fe80::1]', 'fd12:3456::7']) expect(isLanAddress(a, undefined, STATION), a).toBe(true);
  });

  it('public addresses, the station itself, host names and anything else are not', () => {
    for (const a of ['8.8.8.8', '203.0.113.7', '172.32.0.1', '127.0.0.1', '0.0.0.0', '::1', '2001:db8::1', 'localhost', 'scaner.local', '', '192.168.1', 'fe80::1%eth0', '[fe80::1%25eth0]']) expect(isLanAddress(a, undefined, STATION), a).toBe(false);
  });

  it('the subnet of the interface discovery listens on is, when it is one of this machine', () => {
    expect(isLanAddress('127.0.0.1', '127.0.0.1', STATION)).toBe(true);
    expect(isLanAddress('127.8.0.2', '127.0.0.1', STATION)).toBe(true);
    expect(isLanAddress('127.0.0.1', '192.0.2.1', STATION)).toBe(false); // not an address here: no subnet of its own
    expect(isLanAddress('8.8.8.8', '127.0.0.1', STATION)).toBe(false);
  });

  it("the station's own network addresses are never a scanner's, however spelt and whichever interface is listened on", () => {
    const check = lanAddressCheck(undefined, STATION);
    for (const a of ['192.168.1.5', 'fe80::a00:27ff:fe4e:66a1', '[FE80:0:0:0:0A00:27FF:FE4E:66A1]', '[::ffff:192.168.1.5]', '::ffff:c0a8:105']) expect(check(a), a).toBe('station');
    expect(lanAddressCheck('192.168.1.5', STATION)('192.168.1.5')).toBe('station');
    expect(isLanAddress('192.168.1.5', '192.168.1.5', STATION)).toBe(false);
    // its neighbours on the same LAN are
    expect(lanAddressCheck('192.168.1.5', STATION)('192.168.1.20')).toBe('lan');
    expect(check('8.8.8.8')).toBe('off-network');
    // another machine's address is not the station's
    expect(isLanAddress('192.168.1.5', undefined, { lo: STATION.lo })).toBe(true);
  });

  it('a check is built once: the interface list is read when it is made, not again for each address', () => {
    let reads = 0;
    const counted = new Proxy(STATION, {
      ownKeys: (target) => {
        reads++;
        return Reflect.ownKeys(target);
      },
    });
    const check = lanAddressCheck('192.168.1.5', counted);
    const afterBuilding = reads;
    for (let i = 0; i < 200; i++) check(`192.168.1.${i % 250}`);
    expect(reads).toBe(afterBuilding);
  });
});
