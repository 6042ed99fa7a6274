/**
 * Parser for the line protocol that `wia-scan.ps1` prints on stdout (pure: no I/O).
 *
 * One event per line, tokens separated by one space. Every text token is percent-encoded UTF-8
 * (`[Uri]::EscapeDataString`), so no token holds a space, tab or line break and every line is pure
 * ASCII whatever the console code page is. An empty text token is an empty string between two spaces.
 *
 *   DEVICE <id> <type> <manufacturer> <name>   one WIA device (`list`)
 *   CAP <key> <value>...                      one capability fact (`caps`), see wia-capabilities.ts
 *   PAGE <n> <path>                           page n is complete at <path> (already renamed from *.part)
 *   ERROR <0xHRESULT> <pages> [<message>]     the run stopped on this HRESULT after <pages> pages
 *   END <pages>                               the run ended normally after <pages> pages
 *
 * Anything else (PowerShell warnings, a BOM, a half-written line) becomes a `noise` event that callers
 * log and otherwise ignore.
 */

export interface WiaDeviceEvent {
  kind: 'device';
  id: string;
  type: string;
  manufacturer: string;
  name: string;
}

export interface WiaCapEvent {
  kind: 'cap';
  key: string;
  values: string[];
}

export interface WiaPageEvent {
  kind: 'page';
  index: number;
  file: string;
}

export interface WiaErrorEvent {
  kind: 'error';
  /** Unsigned 32-bit HRESULT, e.g. 0x80210002. */
  hresult: number;
  pages: number;
  message: string;
}

export interface WiaEndEvent {
  kind: 'end';
  pages: number;
}

export interface WiaNoiseEvent {
  kind: 'noise';
  line: string;
  reason: string;
}

export type WiaEvent = WiaDeviceEvent | WiaCapEvent | WiaPageEvent | WiaErrorEvent | WiaEndEvent | WiaNoiseEvent;

const COUNT = /^\d{1,9}$/;
const HRESULT = /^0x[0-9a-fA-F]{1,8}$/;
const CAP_KEY = /^[a-z][a-z0-9-]*$/;

function decode(token: string): string | undefined {
  try {
    return decodeURIComponent(token);
  } catch {
    return undefined;
  }
}

function decodeAll(tokens: string[]): string[] | undefined {
  const out: string[] = [];
  for (const token of tokens) {
    const value = decode(token);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

/** Formats an HRESULT the way the script prints it: `0x80210002`. */
export function formatHresult(hresult: number): string {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

export function parseWiaLine(raw: string): WiaEvent {
  const line = raw.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const noise = (reason: string): WiaNoiseEvent => ({ kind: 'noise', line, reason });
  const [keyword, ...rest] = line.split(' ');
  switch (keyword) {
    case 'DEVICE': {
      if (rest.length !== 4) return noise('DEVICE needs 4 fields');
      const fields = decodeAll(rest);
      if (!fields) return noise('bad percent-encoding');
      const [id, type, manufacturer, name] = fields as [string, string, string, string];
      if (id === '') return noise('empty device id');
      return { kind: 'device', id, type, manufacturer, name };
    }
    case 'CAP': {
      const [key, ...values] = rest;
      if (key === undefined || !CAP_KEY.test(key)) return noise('bad CAP key');
      const decoded = decodeAll(values);
      if (!decoded) return noise('bad percent-encoding');
      return { kind: 'cap', key, values: decoded };
    }
    case 'PAGE': {
      const [index, file] = rest;
      if (rest.length !== 2 || index === undefined || file === undefined || !COUNT.test(index)) {
        return noise('PAGE needs <n> <path>');
      }
      const decoded = decode(file);
      if (!decoded) return noise('bad or empty page path');
      const n = Number(index);
      if (n < 1) return noise('page numbers start at 1');
      return { kind: 'page', index: n, file: decoded };
    }
    case 'ERROR': {
      const [code, pages, message = ''] = rest;
      if (rest.length < 2 || rest.length > 3 || code === undefined || pages === undefined) {
        return noise('ERROR needs <hresult> <pages> [<message>]');
      }
      if (!HRESULT.test(code) || !COUNT.test(pages)) return noise('bad ERROR fields');
      const decoded = decode(message);
      if (decoded === undefined) return noise('bad percent-encoding');
      return { kind: 'error', hresult: Number.parseInt(code.slice(2), 16) >>> 0, pages: Number(pages), message: decoded };
    }
    case 'END': {
      const [pages] = rest;
      if (rest.length !== 1 || pages === undefined || !COUNT.test(pages)) return noise('END needs <pages>');
      return { kind: 'end', pages: Number(pages) };
    }
    default:
      return noise('unknown line');
  }
}

/** Parses a whole captured output; blank lines are skipped. */
export function parseWiaOutput(text: string): WiaEvent[] {
  return text
    .split('\n')
    .filter((line) => line.replace(/\r$/, '').trim() !== '')
    .map(parseWiaLine);
}
