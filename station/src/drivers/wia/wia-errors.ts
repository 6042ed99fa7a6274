/**
 * WIA HRESULTs mapped onto the station's error codes (pure).
 * Paper empty is the normal end of a feeder batch once a page came; with no page it is FEEDER_EMPTY.
 */
import { StationError, type ErrorCode } from '../../../../shared/src/errors.ts';
import { countRo } from '../../../../shared/src/count-ro.ts';
import { formatHresult } from './parse-wia-output.ts';

export const WIA_HRESULT = {
  GENERAL_ERROR: 0x80210001,
  PAPER_JAM: 0x80210002,
  PAPER_EMPTY: 0x80210003,
  PAPER_PROBLEM: 0x80210004,
  OFFLINE: 0x80210005,
  BUSY: 0x80210006,
  WARMING_UP: 0x80210007,
  USER_INTERVENTION: 0x80210008,
  ITEM_DELETED: 0x80210009,
  DEVICE_COMMUNICATION: 0x8021000a,
  INVALID_COMMAND: 0x8021000b,
  INCORRECT_HARDWARE_SETTING: 0x8021000c,
  DEVICE_LOCKED: 0x8021000d,
  NO_DEVICE_AVAILABLE: 0x80210015,
  COVER_OPEN: 0x80210016,
  LAMP_OFF: 0x80210017,
  MULTI_FEED: 0x80210020,
  E_ACCESSDENIED: 0x80070005,
  E_INVALIDARG: 0x80070057,
} as const;

function kept(pages: number): string {
  if (pages === 0) return '';
  return pages === 1 ? ' Pagina scanată deja este păstrată.' : ` Cele ${countRo(pages, 'pagină', 'pagini')} scanate deja sunt păstrate.`;
}

interface Mapping {
  code: ErrorCode;
  text: (pages: number) => string;
}

const MAPPINGS = new Map<number, Mapping>([
  [WIA_HRESULT.PAPER_EMPTY, {
    code: 'FEEDER_EMPTY',
    text: () => 'Alimentatorul scanerului este gol. Puneți documentele în alimentator și porniți din nou scanarea.',
  }],
  [WIA_HRESULT.PAPER_JAM, {
    code: 'PAPER_JAM',
    text: (p) => `Hârtia s-a blocat în scaner. Deschideți capacul, scoateți cu grijă foaia blocată, puneți-o înapoi deasupra teancului și continuați scanarea.${kept(p)}`,
  }],
  [WIA_HRESULT.PAPER_PROBLEM, {
    code: 'PAPER_JAM',
    text: (p) => `Scanerul semnalează o problemă cu hârtia. Verificați foile din alimentator (capse, agrafe, colțuri îndoite), așezați-le din nou și continuați scanarea.${kept(p)}`,
  }],
  [WIA_HRESULT.MULTI_FEED, {
    code: 'DOUBLE_FEED',
    text: (p) => `Scanerul a tras două foi deodată. Scoateți foile rămase, verificați dacă ultima pagină scanată este completă, răsfoiți teancul și puneți-l înapoi, apoi continuați scanarea.${kept(p)}`,
  }],
  [WIA_HRESULT.COVER_OPEN, {
    code: 'COVER_OPEN',
    text: (p) => `Capacul scanerului este deschis. Închideți bine capacul și ușa alimentatorului, apoi continuați scanarea.${kept(p)}`,
  }],
  [WIA_HRESULT.BUSY, {
    code: 'DEVICE_BUSY',
    text: () => 'Scanerul este ocupat cu altă lucrare sau de alt program. Așteptați să termine (sau închideți celălalt program de scanare) și încercați din nou.',
  }],
  [WIA_HRESULT.WARMING_UP, {
    code: 'DEVICE_BUSY',
    text: () => 'Scanerul se încălzește. Așteptați câteva secunde și încercați din nou.',
  }],
  [WIA_HRESULT.DEVICE_LOCKED, {
    code: 'DEVICE_BUSY',
    text: () => 'Scanerul este blocat de alt program. Închideți celelalte programe de scanare și încercați din nou.',
  }],
  [WIA_HRESULT.OFFLINE, {
    code: 'DEVICE_OFFLINE',
    text: (p) => `Scanerul nu răspunde. Verificați că este pornit și că are cablul conectat, apoi încercați din nou.${kept(p)}`,
  }],
  [WIA_HRESULT.ITEM_DELETED, {
    code: 'DEVICE_OFFLINE',
    text: (p) => `Scanerul a fost deconectat în timpul scanării. Reconectați-l și încercați din nou.${kept(p)}`,
  }],
  [WIA_HRESULT.NO_DEVICE_AVAILABLE, {
    code: 'DEVICE_NOT_FOUND',
    text: () => 'Scanerul nu a fost găsit. Verificați că este pornit și conectat la calculator, apoi alegeți-l din nou din listă.',
  }],
  [WIA_HRESULT.DEVICE_COMMUNICATION, {
    code: 'IO_ERROR',
    text: (p) => `Eroare de comunicare cu scanerul. Verificați cablul, reporniți scanerul și încercați din nou.${kept(p)}`,
  }],
  [WIA_HRESULT.E_ACCESSDENIED, {
    code: 'ACCESS_DENIED',
    text: () => 'Accesul la scaner a fost refuzat. Cereți ajutorul administratorului.',
  }],
  [WIA_HRESULT.E_INVALIDARG, {
    code: 'OPTION_INVALID',
    text: () => 'Scanerul nu acceptă setările alese (sursă, rezoluție sau mod de culoare). Alegeți alte setări și încercați din nou.',
  }],
  [WIA_HRESULT.INCORRECT_HARDWARE_SETTING, {
    code: 'OPTION_INVALID',
    text: () => 'Scanerul nu acceptă setările alese (sursă, rezoluție sau mod de culoare). Alegeți alte setări și încercați din nou.',
  }],
  [WIA_HRESULT.INVALID_COMMAND, {
    code: 'OPTION_INVALID',
    text: () => 'Scanerul nu acceptă comanda cerută. Alegeți altă sursă sau alte setări și încercați din nou.',
  }],
  [WIA_HRESULT.LAMP_OFF, {
    code: 'SCAN_FAILED',
    text: (p) => `Lampa scanerului este stinsă. Reporniți scanerul și încercați din nou.${kept(p)}`,
  }],
  [WIA_HRESULT.USER_INTERVENTION, {
    code: 'SCAN_FAILED',
    text: (p) => `Scanerul cere atenție: citiți mesajul de pe ecranul scanerului, rezolvați problema și continuați scanarea.${kept(p)}`,
  }],
]);

/**
 * The error that a WIA run stopped on, or `null` when the stop is the normal end of the batch
 * (paper empty after at least one page).
 */
export function wiaStopToError(
  hresult: number,
  pagesSoFar: number,
  details: Record<string, unknown> = {},
): StationError | null {
  const code = hresult >>> 0;
  if (code === WIA_HRESULT.PAPER_EMPTY && pagesSoFar > 0) return null;
  const hex = formatHresult(code);
  const fullDetails = { hresult: hex, pages: pagesSoFar, ...details };
  const mapping = MAPPINGS.get(code);
  if (mapping) return new StationError(mapping.code, mapping.text(pagesSoFar), fullDetails);
  return new StationError(
    'SCAN_FAILED',
    `Scanarea a eșuat (cod WIA ${hex}). Verificați scanerul și încercați din nou; dacă eroarea se repetă, anunțați administratorul.${kept(pagesSoFar)}`,
    fullDetails,
  );
}
