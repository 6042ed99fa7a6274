/**
 * eSCL scanners announced on the local network over mDNS (DNS-SD `_uscan._tcp`, and `_uscans._tcp`
 * for https), with bonjour-service: listened for during a short window, nothing sent to the
 * scanners themselves. Each announcement gives its address (an IPv4 address from its A records,
 * else the address the answer came from), port, eSCL path (TXT `rs`, default `eSCL`) and model
 * (TXT `ty`). Only with `escl.discover` on (see escl-driver.ts).
 */
import { Bonjour, type Service } from 'bonjour-service';
import type { Clock } from '../../../../shared/src/clock.ts';
import { esclRoot } from './escl-scanner-entry.ts';

export interface MdnsOptions {
  /** Network interface address to listen and ask on (default: all). */
  interface?: string;
  /** UDP port (default 5353, mDNS's own). */
  port?: number;
}

export interface DiscoveryOptions {
  /** How long announcements are listened for (default 2 s). */
  waitMs?: number;
  mdns?: MdnsOptions;
  /** Told of each scanner as it is found (tests wait for it, then end the window on their clock). */
  onFound?: (scanner: DiscoveredScanner) => void;
}

export interface DiscoveredScanner {
  /** eSCL root, e.g. `http://192.168.1.20:80/eSCL`. */
  url: string;
  /** The announced instance name, e.g. `HP LaserJet MFP [A1B2C3]`. */
  name: string;
  /** TXT `ty`: make and model, '' when not said. */
  model: string;
}

const TYPES = [
  { type: 'uscan', scheme: 'http' },
  { type: 'uscans', scheme: 'https' },
] as const;

/** The scanners announced within the window, one per eSCL root (https first when a scanner offers both). */
export async function discoverEsclScanners(clock: Clock, options: DiscoveryOptions = {}, signal?: AbortSignal): Promise<DiscoveredScanner[]> {
  const m = options.mdns ?? {};
  // bound to every address (multicast is delivered only there), asking and listening on the interface asked for
  const bonjour = new Bonjour({ ...(m.interface ? { interface: m.interface, bind: '0.0.0.0' } : {}), ...(m.port ? { port: m.port } : {}) } as never, () => {});
  const found = new Map<string, DiscoveredScanner>();
  try {
    await new Promise<void>((resolve) => {
      const browsers = TYPES.map(({ type, scheme }) =>
        bonjour.find({ type, protocol: 'tcp' }, (service) => {
          const scanner = toScanner(service, scheme);
          if (!scanner || found.has(scanner.url)) return;
          found.set(scanner.url, scanner);
          options.onFound?.(scanner);
        }),
      );
      const end = () => {
        cancel();
        signal?.removeEventListener('abort', end);
        for (const b of browsers) b.stop();
        resolve();
      };
      const cancel = clock.after(options.waitMs ?? 2000, end);
      signal?.addEventListener('abort', end, { once: true });
    });
  } finally {
    bonjour.destroy();
  }
  return [...found.values()].sort((a, b) => (a.url < b.url ? 1 : a.url > b.url ? -1 : 0));
}

function toScanner(service: Service, scheme: 'http' | 'https'): DiscoveredScanner | null {
  const address = (service.addresses ?? []).find((a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a)) ?? service.referer?.address;
  if (!address || !Number.isInteger(service.port) || service.port <= 0 || service.port > 65535) return null;
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  const rs = typeof txt.rs === 'string' ? txt.rs.replace(/^\/+|\/+$/g, '') : 'eSCL';
  if (!/^[\w\-./]*$/.test(rs)) return null;
  const host = address.includes(':') ? `[${address}]` : address;
  // as URL spells it (no default port), so an announced scanner matches its configured address
  return { url: esclRoot(new URL(`${scheme}://${host}:${service.port}/${rs}`).href), name: String(service.name ?? '').slice(0, 200), model: typeof txt.ty === 'string' ? txt.ty.slice(0, 200) : '' };
}
