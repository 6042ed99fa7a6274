/**
 * A network scanner's mDNS responder for tests, on loopback multicast (interface 127.0.0.1, a port
 * of the test's choosing so nothing else on the machine hears it): answers DNS-SD queries for
 * `_uscan._tcp.local` / `_uscans._tcp.local` as scanners do (PTR, SRV, TXT with `rs` and `ty`, A),
 * pointing at an eSCL server on 127.0.0.1.
 */
import { createSocket } from 'node:dgram';
import makeMdns from 'multicast-dns';

export interface Announced {
  /** Instance name, e.g. `Scaner Ghișeu 2`. */
  name: string;
  type: 'uscan' | 'uscans';
  /** Port of the eSCL server on 127.0.0.1. */
  port: number;
  /** TXT rs (eSCL path) and ty (model). */
  rs?: string;
  ty?: string;
  /** The address its A record names (default 127.0.0.1, the responder's own): a hostile responder names another host's. */
  address?: string;
}

export interface MdnsAnnouncer {
  /** Queries answered so far. */
  answered(): number;
  close(): Promise<void>;
}

/** A UDP port free right now on loopback (for the test's private mDNS "network"). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function startMdnsAnnouncer(port: number, services: Announced[]): Promise<MdnsAnnouncer> {
  const mdns = makeMdns({ interface: '127.0.0.1', bind: '0.0.0.0', port, loopback: true, reuseAddr: true });
  let answered = 0;
  mdns.on('query', (query) => {
    for (const q of query.questions) {
      const wanted = services.filter((s) => q.name === `_${s.type}._tcp.local`);
      if (wanted.length === 0) continue;
      answered++;
      mdns.respond({
        answers: wanted.map((s) => ({ name: q.name, type: 'PTR' as const, ttl: 120, data: `${s.name}.${q.name}` })),
        additionals: wanted.flatMap((s) => {
          const instance = `${s.name}.${q.name}`;
          const host = `scaner-${s.port}.local`;
          const txt = [`rs=${s.rs ?? 'eSCL'}`, ...(s.ty ? [`ty=${s.ty}`] : []), 'pdl=image/jpeg'];
          return [
            { name: instance, type: 'SRV' as const, ttl: 120, data: { port: s.port, target: host, priority: 0, weight: 0 } },
            { name: instance, type: 'TXT' as const, ttl: 120, data: txt },
            { name: host, type: 'A' as const, ttl: 120, data: s.address ?? '127.0.0.1' },
          ];
        }),
      });
    }
  });
  await new Promise<void>((resolve) => mdns.once('ready', () => resolve()));
  return {
    answered: () => answered,
    close: () => new Promise((resolve) => mdns.destroy(() => resolve())),
  };
}
