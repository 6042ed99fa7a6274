/**
 * HTTPS to an eSCL scanner. Many office scanners serve eSCL over https with a certificate they made
 * themselves, which no authority signed: Node rightly refuses it. A scanner configured with its
 * certificate's SHA-256 fingerprint is accepted when it shows exactly that certificate, and refused
 * with any other (even one an authority signed); a scanner without one, only with a certificate a
 * known authority signed for its address. Never a blanket "ignore certificate errors". A refusal is
 * ACCESS_DENIED with the fingerprint the scanner showed, for the administrator to check and pin.
 */
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { StationError } from '../../../../shared/src/errors.ts';

/** The dispatcher Node's fetch uses for one https scanner. */
export function httpsDispatcher(origin: string, pinnedSha256: string | null): Dispatcher {
  // the chain is checked here, by fingerprint or by socket.authorized (chain and host name), not by the connector;
  // no TLS session is reused, so every connection shows its certificate
  const connectTls = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
  return new Agent({
    connect: (options, callback) =>
      connectTls(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        const tls = socket as TLSSocket;
        const shown = tls.getPeerCertificate()?.fingerprint256 ?? '';
        if (pinnedSha256 ? shown === pinnedSha256 : tls.authorized) return callback(null, socket);
        socket.destroy();
        callback(certificateRefused(origin, shown, pinnedSha256, tls.authorizationError), null);
      }),
  });
}

function certificateRefused(origin: string, shown: string, pinned: string | null, authorizationError: unknown): StationError {
  const details = { origin, certificateSha256: shown, pinnedSha256: pinned, reason: pinned ? 'certificate-mismatch' : 'certificate-untrusted', tlsError: String(authorizationError ?? '') };
  const how = 'Verificați amprenta pe pagina de administrare a scanerului și treceți-o în configurare, la scanerul din „escl.scanners”, în câmpul „certificateSha256”';
  if (pinned) {
    return new StationError('ACCESS_DENIED', `Scanerul de la adresa ${origin} are alt certificat HTTPS decât cel din configurare (amprenta SHA-256 primită: ${shown}). Stația nu trimite nimic unui scaner pe care nu îl poate recunoaște. Dacă scanerul și-a schimbat certificatul, ${how.charAt(0).toLowerCase()}${how.slice(1)}; altfel cereți ajutorul administratorului de rețea.`, details);
  }
  return new StationError('ACCESS_DENIED', `Scanerul de la adresa ${origin} are un certificat HTTPS pe care stația nu îl poate verifica (de obicei unul făcut chiar de scaner; amprenta SHA-256: ${shown}). ${how}, sau folosiți adresa lui http://.`, details);
}
