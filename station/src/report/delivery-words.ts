/**
 * What a delivery attempt found and did, as facts (deliverNow, station-context.ts), and the one place
 * they are put in Romanian for the surface that shows them: the terminal (`cli`: the commands that
 * act on the outbox are named, „station sync”, „station outbox”) or the station's web app (`web`:
 * the clerk never types a command; the background sender retries on its own and the «Loturi» page
 * shows the outbox). Callers branch on the facts (`outcome`, the codes), never on the words.
 */
import { countRo } from '../../../shared/src/count-ro.ts';
import type { SendResult } from './outbox-sender.ts';

/** Where the words are read: the terminal or the station's web app. */
export type Surface = 'cli' | 'web';

/** Why nothing can be sent now: the configured name differs from the one fixed in the journal, or no name at all. */
export type SendingBlock =
  | { code: 'IDENTITY_CONFLICT'; recorded: string; configured: string }
  | { code: 'NO_STATION_NAME' };

/**
 * One delivery attempt: `no-server` (none configured; `pending` reports stay in the queue), `blocked`
 * (the station's name keeps reports in), `attempted` (the registry was asked: `result`). `requeued`:
 * reports the registry no longer held, put back and sent again; `attention`: reports refused for good,
 * waiting for a person (after the attempt when there was one).
 */
export type Delivery =
  | { outcome: 'no-server'; pending: number; result: null; requeued: readonly string[] }
  | { outcome: 'blocked'; block: SendingBlock; attention: number; result: null; requeued: readonly string[] }
  | { outcome: 'attempted'; result: SendResult; requeued: readonly string[]; attention: number };

/** «1 raport», «3 rapoarte», «20 de rapoarte». */
export function reportsRo(n: number): string {
  return countRo(n, 'raport', 'rapoarte');
}

/** The clerk's line for reports delivered earlier that the registry no longer held, put back in the queue. */
export function missingRo(n: number): string {
  return `Registratura nu mai avea ${reportsRo(n)} primit${n === 1 ? '' : 'e'} mai demult (probabil și-a restaurat baza de date dintr-o copie de siguranță): `
    + `${n === 1 ? 'a fost pus' : 'au fost puse'} din nou în coada de trimitere.`;
}

/** No answer from the registry at all, or a temporary error of its own: retried once it answers. */
const NO_ANSWER: ReadonlySet<string> = new Set(['SERVER_UNREACHABLE', 'SERVER_ERROR']);

/** What the reader can do, on each surface: the only words that differ between them. */
const NEXT: Record<Surface, { retry(code: string): string; elsewhere(n: number): string; refused: string; rename(configured: string, recorded: string): string; noName: string }> = {
  cli: {
    noName: 'Numele stației nu este configurat (STATION_NAME sau server.stationName, exact cum a fost creată stația pe server); rapoartele așteaptă în coadă.',
    retry: () => 'Rămâne în coadă; „station sync” îl retrimite.',
    elsewhere: (n) => `${n === 1 ? 'îl trimite' : 'le trimite'} chiar acum alt program al stației („station ui” sau „station sync --watch”)`,
    refused: 'vedeți „station outbox”',
    rename: (configured, recorded) =>
      `rapoartele nu se trimit până nu alegeți. Dacă numele vechi era greșit, rulați „station outbox readdress --all” (stația devine „${configured}” și rapoartele în așteptare îi sunt adresate); altfel puneți înapoi STATION_NAME=${recorded}.`,
  },
  web: {
    // a clerk sets no configuration: who can, and that nothing is lost meanwhile
    noName: 'Stația nu are încă un nume pentru registratură, așa că rapoartele nu pot fi trimise; ele așteaptă în coadă și nu se pierd. Anunțați administratorul stației să îi pună numele, exact cum a fost creată stația la registratură.',
    retry: (code) => `Rămâne în coadă. Stația îl retrimite singură${NO_ANSWER.has(code) ? ' când registratura răspunde' : ''}; starea lui se vede în pagina «Loturi».`,
    elsewhere: (n) => `${n === 1 ? 'îl trimite' : 'le trimite'} chiar acum alt program al stației; starea ${n === 1 ? 'lui' : 'lor'} se vede în pagina «Loturi»`,
    refused: 'motivul și ce este de făcut se văd în pagina «Loturi»',
    rename: () => 'rapoartele nu se trimit până nu se alege numele bun. Anunțați administratorul stației; până atunci rapoartele așteaptă în coadă.',
  },
};

/** Why nothing can be sent now, in Romanian for `surface`. */
export function sendingBlockRo(block: SendingBlock, surface: Surface): string {
  if (block.code === 'NO_STATION_NAME') return NEXT[surface].noName;
  const { recorded, configured } = block;
  return `Stația este înregistrată în jurnal ca „${recorded}”, dar configurația spune acum „${configured}”; ${NEXT[surface].rename(configured, recorded)}`;
}

/** `text` as a sentence: trimmed, its full stop added unless it ends with one (or «!», «?», «…»). */
const sentence = (text: string): string => {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

const refusedRo = (n: number) => `${reportsRo(n)} refuzat${n === 1 ? '' : 'e'} de server`;

const supersededRo = (n: number): string =>
  n === 0 ? '' : n === 1
    ? ' Registratura avea deja o versiune mai nouă a raportului unui lot: nu mai e nimic de trimis pentru el.'
    : ` Registratura avea deja versiuni mai noi ale rapoartelor pentru ${countRo(n, 'lot', 'loturi')}: nu mai e nimic de trimis pentru ele.`;

/** The line a delivery attempt leaves for the reader of `surface`. */
export function deliveryRo(d: Delivery, surface: Surface): string {
  const next = NEXT[surface];
  if (d.outcome === 'no-server') return `Niciun server configurat: ${reportsRo(d.pending)} ${d.pending === 1 ? 'rămâne' : 'rămân'} în coada stației.`;
  if (d.outcome === 'blocked') return `${sendingBlockRo(d.block, surface)}${d.attention > 0 ? ` Atenție: ${refusedRo(d.attention)}: ${next.refused}.` : ''}`;
  const { result, requeued, attention } = d;
  const missing = requeued.length > 0 ? `${missingRo(requeued.length)} ` : '';
  const sent = result.delivered.length + result.alreadyRecorded.length;
  const temporary = result.failed.find((f) => f.retryable);
  const tail = attention > 0 ? ` Atenție: ${refusedRo(attention)} (o reîncercare nu ajută): ${next.refused}.` : '';
  // the reason is a sentence of its own (it ends with its own full stop): «(…contactat.).» never
  if (temporary) return `${missing}Raportul nu a putut fi trimis. ${sentence(temporary.message)} ${next.retry(temporary.code)}${tail}`;
  // still waiting, yet neither sent nor failed in this pass: claimed by another process over the journal, sending it now
  const elsewhere = Math.max(0, result.pending - attention);
  if (sent === 0 && attention === 0 && result.superseded.length === 0) {
    return elsewhere > 0
      ? `${missing}Niciun raport trimis de aici: ${elsewhere === 1 ? 'raportul în așteptare' : `cele ${reportsRo(elsewhere)} în așteptare`} ${next.elsewhere(elsewhere)}.`
      : `${missing}Niciun raport în așteptare: nimic de trimis.`;
  }
  return `${missing}${sent > 0 ? `Raport trimis la registratură (${sent}).` : 'Niciun raport trimis.'}${supersededRo(result.superseded.length)}${tail}`;
}
