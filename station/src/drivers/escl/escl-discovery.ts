/**
 * eSCL scanners announced on the local network over mDNS (DNS-SD `_uscan._tcp`, and `_uscans._tcp`
 * for https), with bonjour-service: listened for during a short window, nothing sent to the
 * scanners themselves. Each announcement gives its address, port, eSCL path (TXT `rs`, default
 * `eSCL`) and model (TXT `ty`). Only with `escl.discover` on (see escl-driver.ts).
 *
 * An announcement is taken only for the address its answer came from (which its A records must
 * name when they name any), and only when that is an address an office scanner can have and not
 * one of the station's own (escl-lan-address.ts). That stops a responder from pointing the station
 * at a host other than the one it answers from, and any at the internet or at the station itself;
 * it does not prove who answered: a machine on the LAN can forge the source address of its mDNS
 * answer (UDP, no handshake) and speak for any LAN address, and an http scanner's answers prove
 * nothing. Only a pinned https scanner (escl-tls.ts) is known to be the one configured.
 * Refused announcements and failures of the mDNS socket are logged; a socket that cannot be opened
 * ends the window at once with a `problem` in Romanian for the clerk.
 */
import type { EventEmitter } from 'node:events';
import { networkInterfaces } from 'node:os';
import { Bonjour, type Service } from 'bonjour-service';
import type { Logger } from 'pino';
import type { Clock } from '../../../../shared/src/clock.ts';
import { StationError } from '../../../../shared/src/errors.ts';
import { lanAddressCheck, localInterface, type AddressKind, type Interfaces } from './escl-lan-address.ts';
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
  /** Told of each announcement refused (tests wait for it). */
  onRefused?: (refused: RefusedAnnouncement) => void;
  log?: Logger;
  /** This machine's network interfaces (default `os.networkInterfaces()`, read once a window; tests give their own). */
  interfaces?: Interfaces;
}

export interface RefusedAnnouncement {
  name: string;
  /** The addresses its A/AAAA records named, and the one its answer came from. */
  addresses: string[];
  from: string;
  reason: 'not-its-own-address' | 'not-a-lan-address' | 'the-station-itself' | 'bad-record';
}

export interface DiscoveryResult {
  /** One per eSCL root (https first when a scanner offers both). */
  scanners: DiscoveredScanner[];
  /** Why discovery could not run (the mDNS socket could not be opened), for the clerk; null when it ran. */
  problem: StationError | null;
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

/** The scanners announced within the window, and why discovery could not run if it could not. */
export async function discoverEsclScanners(clock: Clock, options: DiscoveryOptions = {}, signal?: AbortSignal): Promise<DiscoveryResult> {
  const m = options.mdns ?? {};
  const log = options.log;
  const interfaces = options.interfaces ?? networkInterfaces();
  if (m.interface && !localInterface(m.interface, interfaces)) {
    const problem = cannotRun('interface', { interface: m.interface });
    log?.warn({ interface: m.interface }, 'mDNS discovery: the interface address is not one of this machine');
    return { scanners: [], problem };
  }
  const found = new Map<string, DiscoveredScanner>();
  const addressKind = lanAddressCheck(m.interface, interfaces);
  let problem: StationError | null = null;
  let bonjour: Bonjour | undefined;
  try {
    await new Promise<void>((resolve) => {
      let ended = false;
      const browsers: { stop(): void }[] = [];
      const end = () => {
        if (ended) return;
        ended = true;
        cancel();
        signal?.removeEventListener('abort', end);
        for (const b of browsers) b.stop();
        resolve();
      };
      const cancel = clock.after(options.waitMs ?? 2000, end);
      signal?.addEventListener('abort', end, { once: true });
      if (signal?.aborted) return end(); // its abort event has fired already
      try {
        // bound to every address (multicast is delivered only there), asking and listening on the interface asked for
        bonjour = new Bonjour({ ...(m.interface ? { interface: m.interface, bind: '0.0.0.0' } : {}), ...(m.port ? { port: m.port } : {}) } as never, (err: unknown) => {
          log?.warn({ err }, 'mDNS discovery: an answer could not be sent');
        });
        // bonjour-service leaves its socket's events to whoever listens: an 'error' nobody heard would end the process
        const socket = (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns;
        socket.on('error', (err: NodeJS.ErrnoException) => {
          log?.error({ err, port: m.port ?? 5353, interface: m.interface ?? null }, 'mDNS discovery: the socket could not be opened');
          problem ??= cannotRun('socket', { errno: err.code, port: m.port ?? 5353 }, err);
          end();
        });
        socket.on('warning', (err: NodeJS.ErrnoException) => log?.warn({ err, interface: m.interface ?? null }, 'mDNS discovery: warning from the socket'));
        for (const { type, scheme } of TYPES) {
          browsers.push(
            bonjour.find({ type, protocol: 'tcp' }, (service) => {
              const taken = toScanner(service, scheme, addressKind);
              if ('reason' in taken) {
                log?.warn({ announcement: taken }, 'mDNS discovery: announcement refused');
                options.onRefused?.(taken);
                return;
              }
              if (found.has(taken.url)) return;
              found.set(taken.url, taken);
              options.onFound?.(taken);
            }),
          );
        }
      } catch (err) {
        log?.error({ err }, 'mDNS discovery could not start');
        problem ??= cannotRun('socket', {}, err);
        end();
      }
    });
  } finally {
    bonjour?.destroy();
  }
  const scanners = [...found.values()].sort((a, b) => (a.url < b.url ? 1 : a.url > b.url ? -1 : 0));
  return { scanners, problem };
}

function cannotRun(why: 'interface' | 'socket', details: Record<string, unknown>, cause?: unknown): StationError {
  const message =
    why === 'interface'
      ? `Căutarea scanerelor anunțate în rețea (mDNS) nu poate porni: adresa ${String(details.interface)} nu este a acestui calculator. Scanerele din configurare („escl.scanners”) se pot folosi în continuare; anunțați administratorul.`
      : 'Căutarea scanerelor anunțate în rețea (mDNS) nu poate porni: portul ei este folosit de alt program sau rețeaua nu o permite. Scanerele din configurare („escl.scanners”) se pot folosi în continuare; anunțați administratorul.';
  return new StationError('DEVICE_OFFLINE', message, { reason: `mdns-${why}`, ...details }, cause === undefined ? undefined : { cause });
}

function toScanner(service: Service, scheme: 'http' | 'https', addressKind: (address: string) => AddressKind): DiscoveredScanner | RefusedAnnouncement {
  const name = String(service.name ?? '').slice(0, 200);
  const addresses = (service.addresses ?? []).map(String).slice(0, 16);
  const from = service.referer?.address ?? '';
  const refused = (reason: RefusedAnnouncement['reason']): RefusedAnnouncement => ({ name, addresses, from, reason });
  // the responder's own address: records naming only other hosts are someone pointing the station elsewhere
  if (!from || (addresses.length > 0 && !addresses.includes(from))) return refused('not-its-own-address');
  const kind = addressKind(from);
  if (kind === 'station') return refused('the-station-itself');
  if (kind !== 'lan') return refused('not-a-lan-address');
  if (!Number.isInteger(service.port) || service.port <= 0 || service.port > 65535) return refused('bad-record');
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  const rs = typeof txt.rs === 'string' ? txt.rs.replace(/^\/+|\/+$/g, '') : 'eSCL';
  if (!/^[\w\-./]*$/.test(rs)) return refused('bad-record');
  const host = from.includes(':') ? `[${from}]` : from;
  // as URL spells it (no default port), so an announced scanner matches its configured address
  return { url: esclRoot(new URL(`${scheme}://${host}:${service.port}/${rs}`).href), name, model: typeof txt.ty === 'string' ? txt.ty.slice(0, 200) : '' };
}
