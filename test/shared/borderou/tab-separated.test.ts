/**
 * A borderou Excel saved as text delimited by tabs: «Text (delimitat de tabulatori)» (Windows-1250, ş ţ with
 * a cedilla) or «Text Unicode» (UTF-16LE with a BOM, ș ț kept; the only Excel export keeping them where there
 * is no «CSV UTF-8»), each under the registry's title block, CRLF, title lines padded with tabs. The table is
 * read as a `;` or `,` one is: same rows, same warnings, a wrong header named by its line under the tab.
 */
import { describe, expect, it } from 'vitest';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { exportTable, titleBlock, utf16leBom, windows1250 } from '../../support/borderou-export.ts';
import { borderouRefusal } from '../../support/borderou-refusal.ts';

const refusal = borderouRefusal;

const TAB = '\t';

describe('a borderou saved from Excel as tab-delimited text', () => {
  it.each([
    ['«Text (delimitat de tabulatori)», Windows-1250', windows1250, 'windows-1250'],
    ['«Text Unicode», UTF-16LE with a BOM', utf16leBom, 'utf-16le'],
  ] as const)('%s: the table under the title block is read, line numbers as in the file', (_name, encode, encoding) => {
    const r = parseBorderouCsv(encode([...titleBlock(TAB, true), ...exportTable(TAB)]));
    expect({ encoding: r.encoding, delimiter: r.delimiter, errors: r.errors }).toEqual({ encoding, delimiter: TAB, errors: [] });
    expect(r.entries.map((e) => [e.line, e.registrationNumber, e.department, e.expectedSheets, e.date])).toEqual([
      [10, '84512/27.09.2021', 'Direcția Urbanism', 3, '2021-09-27'],
      [11, '84513/27.09.2021', 'Serviciul Stare Civilă', 1, '2021-09-27'],
    ]);
    expect(r.warnings).toEqual([
      ...[1, 2, 3, 4, 6, 7].map((line) => ({ line, column: null, reason: 'rând de titlu deasupra antetului, ignorat' })),
      { line: 9, column: null, reason: 'coloane necunoscute, ignorate: Nr. crt., Petent' },
    ]);
  });

  it('cells holding `;`, `,` and quotes (Excel quotes a cell with a quote in it) stay one cell each', () => {
    const r = parseBorderouCsv(utf16leBom([
      ['Nr. înregistrare', 'Structura', 'Nr. file', 'Observații'].join(TAB),
      ['84512/27.09.2021', 'Direcția Urbanism; Serviciul Autorizări', '2', '"Cerere ""urgentă"", cu anexe"'].join(TAB),
      ['84513/27.09.2021', 'Serviciul Stare Civilă', '1', ''].join(TAB),
    ]));
    expect(r.delimiter).toBe(TAB);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.registrationNumber, e.department, e.expectedSheets, e.notes])).toEqual([
      ['84512/27.09.2021', 'Direcția Urbanism; Serviciul Autorizări', 2, 'Cerere "urgentă", cu anexe'],
      ['84513/27.09.2021', 'Serviciul Stare Civilă', 1, null],
    ]);
  });

  it.each([
    ['Windows-1250', windows1250],
    ['UTF-16LE with a BOM', utf16leBom],
  ] as const)('%s, «Compartiment» for «Structura»: the header\'s line named, details.delimiter a tab', (_name, encode) => {
    const err = refusal(encode([...titleBlock(TAB, true), ...exportTable(TAB, 'Compartiment')]));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe('Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.');
    expect(err.details).toEqual({ reason: 'missing-column', missing: ['structura'], delimiter: TAB, line: 9 });
  });

  it('«Text Unicode» cut short (an odd number of bytes): CSV_INVALID saying so, reason bad-utf16', () => {
    const whole = utf16leBom(exportTable(TAB));
    const err = refusal(whole.subarray(0, whole.byteLength - 1));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe('Fișierul declară UTF-16 (BOM), dar conține octeți care nu sunt UTF-16 valid: pare trunchiat.');
    expect(err.details).toEqual({ reason: 'bad-utf16', encoding: 'utf-16le' });
  });
});
