/** Which addresses an eSCL scanner the configuration does not name may have. */
import { describe, expect, it } from 'vitest';
import { isLanAddress } from '../../../../station/src/drivers/escl/escl-lan-address.ts';

describe('isLanAddress', () => {
  it('private and link-local ranges are an office network', () => {
    for (const a of ['10.0.0.5', '172.16.0.1', '172.31.255.254', '192.168.1.20', '169.254.10.3', 'fe80::1', '[fe80::1]', 'fd12:3456::7']) expect(isLanAddress(a), a).toBe(true);
  });

  it('public addresses, the station itself, host names and anything else are not', () => {
    for (const a of ['8.8.8.8', '203.0.113.7', '172.32.0.1', '127.0.0.1', '0.0.0.0', '::1', '2001:db8::1', 'localhost', 'scaner.local', '', '192.168.1', 'fe80::1%eth0', '[fe80::1%25eth0]']) expect(isLanAddress(a), a).toBe(false);
  });

  it('the subnet of the interface discovery listens on is, when it is one of this machine', () => {
    expect(isLanAddress('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(isLanAddress('127.8.0.2', '127.0.0.1')).toBe(true);
    expect(isLanAddress('127.0.0.1', '192.0.2.1')).toBe(false); // not an address here: no subnet of its own
    expect(isLanAddress('8.8.8.8', '127.0.0.1')).toBe(false);
  });
});
