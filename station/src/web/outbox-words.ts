/**
 * The station's outbox as the clerk reads it in the browser: for each report not delivered yet,
 * whether it waits to be retried on its own or the server refused it, why in plain Romanian (from
 * the stable error code, never from the server's text), and what to do.
 */
import type { OutboxItem } from '../journal/outbox-repository.ts';

export interface OutboxView {
  batchId: string;
  /** waiting: retried on its own; attention: refused by the server, waits for the clerk. */
  state: 'waiting' | 'attention';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  reason: string;
  /** What the clerk can do about it. */
  advice: string;
  /** The server's problem list (a refused report), as it sent it. */
  problems: { path?: string; reason: string }[];
  /** Another program of the station (`station sync --watch`, another `station ui`) is sending it right now. */
  sendingElsewhere: boolean;
}

const codeOf = (item: OutboxItem) => (item.lastError ?? '').split(':')[0]!.trim();

const REASONS: Record<string, { reason: string; advice: string }> = {
  SERVER_UNREACHABLE: {
    reason: 'Serverul registraturii nu răspunde (rețeaua sau serverul este oprit).',
    advice: 'Stația îl retrimite singură; «Trimite din nou» încearcă acum.',
  },
  SERVER_ERROR: {
    reason: 'Serverul registraturii a răspuns cu o eroare: este pornit și se poate ajunge la el, dar are o problemă, de obicei trecătoare.',
    advice: 'Stația îl retrimite singură; «Trimite din nou» încearcă acum. Dacă eroarea se repetă, anunțați administratorul registraturii.',
  },
  UNAUTHORIZED: {
    reason: 'Serverul nu recunoaște stația: cheia stației este greșită sau a fost retrasă.',
    advice: 'Cereți administratorului o cheie nouă pentru stație și puneți-o în configurarea stației; apoi raportul pleacă singur.',
  },
  FORBIDDEN: {
    reason: 'Serverul nu permite acestei stații să trimită raportul lotului (lotul este al altei stații sau stația nu are voie să raporteze).',
    advice: 'Anunțați administratorul registraturii; după ce a rezolvat, apăsați «Trimite din nou».',
  },
  VALIDATION_FAILED: {
    reason: 'Serverul a refuzat raportul: datele lui nu sunt complete sau corecte (vedeți problemele găsite de server).',
    advice: 'Verificați lotul în pagina de verificare și anunțați administratorul; după ce ați remediat, apăsați «Trimite din nou».',
  },
  CONFLICT: {
    reason: 'Serverul are deja un alt raport pentru acest lot.',
    advice: 'Anunțați administratorul registraturii; după ce a rezolvat, apăsați «Trimite din nou».',
  },
  PAYLOAD_TOO_LARGE: {
    reason: 'Raportul este prea mare pentru server.',
    advice: 'Anunțați administratorul registraturii.',
  },
};

/** Delivered earlier, then found missing on the registry (outbox-reconcile.ts): the outbox page, the batch's page and `station outbox`. */
export const MISSING = {
  reason: 'Registratura primise acest raport, dar nu îl mai are (probabil și-a restaurat baza de date dintr-o copie de siguranță mai veche).',
  advice: 'Stația îl trimite din nou singură; «Trimite din nou» încearcă acum.',
};
/** Claimed by another program of the station over the same journal: this one does not send it meanwhile. */
export const SENDING_ELSEWHERE = {
  reason: 'Se trimite chiar acum din alt program al stației.',
  advice: 'Nu este nimic de făcut: cât timp celălalt program îl trimite, «Trimite din nou» nu îl trimite și de aici.',
};
/** The same on the terminal (`station outbox`): the programs named, as the delivery line names them (delivery-words.ts). */
export const SENDING_ELSEWHERE_CLI = 'Se trimite chiar acum din alt program al stației („station ui” sau „station sync --watch”); nu este nimic de făcut.';
const NOT_SENT_YET = { reason: 'Așteaptă trimiterea.', advice: 'Stația îl trimite singură; «Trimite din nou» încearcă acum.' };
const UNKNOWN = { reason: 'Trimiterea a eșuat.', advice: 'Stația îl retrimite singură; dacă nu pleacă, anunțați administratorul.' };
/** Refused for good with a code the words above do not say as a refusal (a registry answering 404 at the address given, a code newer than this station): they would promise it leaves on its own. */
const REFUSED_OTHERWISE = {
  reason: 'Serverul registraturii a refuzat raportul (vedeți problemele găsite de server, dacă sunt).',
  advice: 'Anunțați administratorul registraturii; după ce a rezolvat, apăsați «Trimite din nou».',
};
/** The codes whose words above are a refusal's (set aside for the clerk, never retried on their own). */
const REFUSALS = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);

/** The words of a report not delivered, by its state (another program sending it, refused, failed, lost by the registry, waiting). */
function wordsOf(item: OutboxItem): { reason: string; advice: string } {
  if (item.sendingElsewhere) return SENDING_ELSEWHERE;
  if (item.attentionAt !== null && !REFUSALS.has(codeOf(item))) return REFUSED_OTHERWISE;
  if (item.lastError) return REASONS[codeOf(item)] ?? UNKNOWN;
  return item.missingAt ? MISSING : NOT_SENT_YET;
}

/**
 * Why a report is not delivered, in words a clerk understands (the batch's row in «Loturi», the batch's
 * page): another program of the station sending it right now (its last error is past), else its last
 * error, else that the registry lost it (delivered earlier, queued again); null when delivered or simply waiting.
 */
export function outboxReason(item: OutboxItem | null): string | null {
  if (!item || item.deliveredAt) return null;
  if (!item.sendingElsewhere && item.attentionAt === null && !item.lastError && !item.missingAt) return null; // simply waiting
  return wordsOf(item).reason;
}

/** Sending is blocked for the whole station (no registry configured, no name for the registry, a name changed): what the page says above the list decides. */
export const BLOCKED_ADVICE = 'Nu pleacă până nu se rezolvă ce scrie deasupra listei; până atunci așteaptă aici și nu se pierde.';

/** `blocked`: nothing can be sent now (no registry, `sendingBlockedBy`): a waiting report's advice says so, not that the station sends it on its own. */
export function outboxView(item: OutboxItem, blocked = false): OutboxView {
  const words = wordsOf(item);
  const attention = item.attentionAt !== null;
  const advice = attention ? `${words.advice} Un raport refuzat nu se mai trimite singur.` : blocked ? BLOCKED_ADVICE : words.advice;
  return {
    batchId: item.batchId,
    state: attention ? 'attention' : 'waiting',
    attempts: item.attempts,
    createdAt: item.createdAt,
    nextAttemptAt: attention ? null : item.nextAttemptAt,
    reason: words.reason,
    advice,
    problems: item.problems,
    sendingElsewhere: item.sendingElsewhere,
  };
}
