/**
 * A hand-written eSCL scanner on loopback for driver tests: each answer is `routes["METHOD /path"]`,
 * falling back to a normal one-page feeder scanner. Records every request it got; with
 * `reconnectEach`, closes the connection after each answer. With `tls` (a key and certificate,
 * e.g. self-signed) it speaks https, as many office scanners do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export const HAND_CAPS = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.6</pwg:Version><pwg:MakeAndModel>De mână</pwg:MakeAndModel>
  <scan:Adf><scan:AdfSimplexInputCaps><scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>4200</scan:MaxHeight>
    <scan:SettingProfiles><scan:SettingProfile><scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
    <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
    <scan:SupportedResolutions><scan:DiscreteResolutions><scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution></scan:DiscreteResolutions></scan:SupportedResolutions>
  </scan:SettingProfile></scan:SettingProfiles></scan:AdfSimplexInputCaps></scan:Adf>
</scan:ScannerCapabilities>`;

export const statusXml = (state: string, adfState: string) =>
  `<?xml version="1.0"?><scan:ScannerStatus xmlns:scan="x" xmlns:pwg="y"><pwg:State>${state}</pwg:State><scan:AdfState>${adfState}</scan:AdfState></scan:ScannerStatus>`;

/** A whole (if tiny) JPEG: SOI … EOI. */
export const HAND_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HandScanner {
  /** eSCL root, e.g. `http://127.0.0.1:40123/eSCL`. */
  url: string;
  /** `METHOD /path` of every request, in order. */
  seen: string[];
  /**
   * An https scanner's certificate changed (a firmware reset, a replaced unit at the same address):
   * connections made from now on show `tls` (with `reconnectEach`, every request's).
   */
  changeCertificate(tls: { key: Buffer; cert: Buffer }): void;
  close(): Promise<void>;
}

export async function startHandScanner(routes: Record<string, Handler>, options: { tls?: { key: Buffer; cert: Buffer }; pages?: number; reconnectEach?: boolean } = {}): Promise<HandScanner> {
  let pages = options.pages ?? 1;
  const normal: Record<string, Handler> = {
    'GET /eSCL/ScannerCapabilities': (_q, r) => r.end(HAND_CAPS),
    'GET /eSCL/ScannerStatus': (_q, r) => r.end(statusXml('Idle', 'ScannerAdfLoaded')),
    'POST /eSCL/ScanJobs': (_q, r) => r.writeHead(201, { Location: '/eSCL/ScanJobs/j1' }).end(),
    'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => (pages-- > 0 ? r.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(HAND_JPEG) : r.writeHead(404).end()),
    'DELETE /eSCL/ScanJobs/j1': (_q, r) => r.end(),
  };
  const seen: string[] = [];
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const key = `${req.method} ${req.url}`;
    seen.push(key);
    // no connection kept for the next request: each one connects (and shows the certificate) anew
    if (options.reconnectEach) res.setHeader('Connection', 'close');
    (routes[key] ?? normal[key] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  };
  const server = options.tls ? createHttpsServer(options.tls, answer) : createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/eSCL`,
    seen,
    changeCertificate: (tls) => {
      if (!('setSecureContext' in server)) throw new Error('not an https scanner');
      server.setSecureContext(tls);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
