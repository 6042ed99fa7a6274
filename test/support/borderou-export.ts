/**
 * A borderou as the registry software exports it to CSV: a title block above the table (the country,
 * county, institution, office, «Borderou de predare…», the day, empty lines), the header on line 9, CRLF;
 * Windows-1250 (Excel's «CSV (delimitat prin virgulă)» on a Romanian Windows: `;`, ş ţ with a cedilla) or
 * UTF-8 with a BOM («CSV UTF-8»); tab-separated as «Text (delimitat de tabulatori)» writes it (Windows-1250)
 * or «Text Unicode» (UTF-16LE with a BOM). `pad` writes the title lines as Excel does, padded to the table's width.
 */
import iconv from 'iconv-lite';

export type Delimiter = ';' | ',' | '\t';

/** Windows-1250 has only ş ţ with a cedilla: Excel writes those. */
const cedilla = (text: string): string => text.replace(/ș/g, 'ş').replace(/Ș/g, 'Ş').replace(/ț/g, 'ţ').replace(/Ț/g, 'Ţ');

export function windows1250(lines: readonly string[]): Uint8Array {
  const text = cedilla(`${lines.join('\r\n')}\r\n`);
  const bytes = iconv.encode(text, 'windows-1250');
  if (iconv.decode(bytes, 'windows-1250') !== text) throw new Error('a character has no Windows-1250 form');
  return new Uint8Array(bytes);
}

export const utf8Bom = (lines: readonly string[]): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)]);

/** Excel's «Text Unicode»: UTF-16LE with its byte order mark (FF FE), ș ț kept with their comma. */
export const utf16leBom = (lines: readonly string[]): Uint8Array => new Uint8Array([0xff, 0xfe, ...iconv.encode(`${lines.join('\r\n')}\r\n`, 'utf-16le')]);

/** Excel pads every line of a sheet to the table's width: `PRIMĂRIA…;;;;;`. */
export const padded = (cell: string, d: Delimiter, width = 6): string => cell + d.repeat(width - 1);

/** Eight lines (two of them empty) above the header. */
export function titleBlock(d: Delimiter, pad: boolean): string[] {
  const line = (cell: string) => (pad ? padded(cell, d) : cell);
  return [
    line('ROMÂNIA'),
    line('JUDEȚUL BISTRIȚA-NĂSĂUD'),
    line('PRIMĂRIA MUNICIPIULUI BISTRIȚA'),
    line('Registratură generală'),
    line(''),
    line('BORDEROU DE PREDARE A DOCUMENTELOR ÎNREGISTRATE'),
    line('din data de 27.09.2021'),
    line(''),
  ];
}

/** The header (with «Nr. crt.» and «Petent», columns the station ignores) and two documents. */
export function exportTable(d: Delimiter, structura = 'Structura'): string[] {
  return [
    ['Nr. crt.', 'Număr înregistrare', 'Data', 'Petent', structura, 'Nr. file'],
    ['1', '84512/27.09.2021', '27.09.2021', 'Ion Popescu', 'Direcția Urbanism', '3'],
    ['2', '84513/27.09.2021', '27.09.2021', 'Maria Ionescu', 'Serviciul Stare Civilă', '1'],
  ].map((r) => r.join(d));
}
