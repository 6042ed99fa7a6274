import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';

type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1250';

/** Windows-1250 has only the cedilla forms ş ţ, so Excel writes those; the parser turns them into ș ț. */
function toCedilla(text: string): string {
  return text.replace(/ș/g, 'ş').replace(/Ș/g, 'Ş').replace(/ț/g, 'ţ').replace(/Ț/g, 'Ţ');
}

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'windows-1250') {
    const bytes = iconv.encode(toCedilla(text), 'windows-1250');
    expect(iconv.decode(bytes, 'windows-1250')).toBe(toCedilla(text)); // nothing was lost to `?`
    return new Uint8Array(bytes);
  }
  const body = new TextEncoder().encode(text);
  if (encoding === 'utf-8') return body;
  return new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
}

function csv(rows: string[][], delimiter: string, eol = '\r\n'): string {
  const quote = (f: string): string => (/[";,\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
}

function expectCsvInvalid(bytes: Uint8Array, message: RegExp): void {
  try {
    parseBorderouCsv(bytes);
  } catch (err) {
    expect(isStationError(err, 'CSV_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected CSV_INVALID');
}

const EXPECTED = ['Direcția Relații cu Publicul', 'Serviciul Stare Civilă', 'Înregistrări și Arhivă, Secția „Țară”'];

describe('parseBorderouCsv: encodings × delimiters', () => {
  const encodings: Encoding[] = ['utf-8', 'utf-8-bom', 'windows-1250'];
  for (const encoding of encodings) {
    for (const delimiter of [';', ','] as const) {
      it(`${encoding} with "${delimiter}"`, () => {
        const names = EXPECTED;
        const text = csv(
          [
            ['Număr înregistrare', 'Structura', 'Nr. file', 'Data', 'Observații'],
            ['84512/27.09.2021', names[0]!, '2', '27.09.2021', 'cerere; „urgentă”'],
            ['84513/27.09.2021', names[1]!, '', '', ''],
            ['84514/27.09.2021', names[2]!, '11', '2021-09-28', 'două\nrânduri'],
          ],
          delimiter,
        );
        const r = parseBorderouCsv(encode(text, encoding));
        expect(r.encoding).toBe(encoding);
        expect(r.delimiter).toBe(delimiter);
        expect(r.errors).toEqual([]);
        expect(r.entries.map((e) => e.department)).toEqual(EXPECTED);
        expect(r.entries[0]).toEqual({
          registrationNumber: '84512/27.09.2021',
          department: EXPECTED[0],
          expectedSheets: 2,
          date: '2021-09-27',
          notes: 'cerere; „urgentă”',
          line: 2,
        });
        expect(r.entries[1]).toMatchObject({ expectedSheets: null, date: '2021-09-27', notes: null, line: 3 });
        expect(r.entries[2]).toMatchObject({ expectedSheets: 11, date: '2021-09-28', notes: 'două rânduri', line: 4 });
      });
    }
  }

  it('keeps comma-below ș ț from UTF-8 as they are', () => {
    const r = parseBorderouCsv(encode('numar_inregistrare;structura\n1/01.10.2021;Direcția Școli și Țesături\n', 'utf-8'));
    expect(r.entries[0]!.department).toBe('Direcția Școli și Țesături');
    expect(r.entries[0]!.department).not.toMatch(/[şţŞŢ]/u);
  });

  it('reads plain LF, a lone-CR file and a last line without a line break', () => {
    for (const eol of ['\n', '\r']) {
      const r = parseBorderouCsv(encode(['numar_inregistrare,structura', '1/01.10.2021,A', '2/01.10.2021,B'].join(eol), 'utf-8'));
      expect(r.entries.map((e) => [e.registrationNumber, e.line])).toEqual([
        ['1/01.10.2021', 2],
        ['2/01.10.2021', 3],
      ]);
    }
  });
});

describe('parseBorderouCsv: quoting', () => {
  it('handles delimiters, doubled quotes and line breaks inside quotes, keeping line numbers', () => {
    const text = [
      'numar_inregistrare;structura;observatii',
      '"10/01.10.2021";"Direcția Tehnică; Investiții";"spune ""da"""',
      '11/01.10.2021;Urbanism;"rândul unu',
      'rândul doi"',
      '12/01.10.2021;Cultură;',
    ].join('\r\n');
    const r = parseBorderouCsv(encode(text, 'utf-8'));
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.line, e.department, e.notes])).toEqual([
      [2, 'Direcția Tehnică; Investiții', 'spune "da"'],
      [3, 'Urbanism', 'rândul unu rândul doi'],
      [5, 'Cultură', null],
    ]);
  });

  it('reports text after a closing quote as a bad row', () => {
    const r = parseBorderouCsv(encode('numar_inregistrare;structura\n1/01.10.2021;"Urbanism"x\n2/01.10.2021;Cultură\n', 'utf-8'));
    expect(r.entries.map((e) => e.line)).toEqual([3]);
    expect(r.errors).toEqual([{ line: 2, column: null, reason: expect.stringContaining('ghilimelele') }]);
  });

  it('an unterminated quote is a whole-file error naming the line', () => {
    expectCsvInvalid(encode('numar_inregistrare;structura\n1/01.10.2021;Urbanism\n2/01.10.2021;"Cultură\n3/01.10.2021;X\n', 'utf-8'), /linia 3/);
  });
});

describe('parseBorderouCsv: header', () => {
  it('accepts headers whatever their case, diacritics and spacing', () => {
    for (const header of ['numar_inregistrare;structura', 'NUMĂR ÎNREGISTRARE;STRUCTURA', ' Nr. înregistrare ; Structura de specialitate ']) {
      const r = parseBorderouCsv(encode(`${header}\n5/01.10.2021;Juridic\n`, 'utf-8'));
      expect(r.entries).toHaveLength(1);
    }
  });

  it('skips a title line above the header, ignores unknown columns, and says so', () => {
    const r = parseBorderouCsv(encode('Borderou 01.10.2021;;\nPetent;numar_inregistrare;structura\nIon Popescu;5/01.10.2021;Juridic\n', 'utf-8'));
    expect(r.entries).toEqual([expect.objectContaining({ registrationNumber: '5/01.10.2021', department: 'Juridic', line: 3 })]);
    expect(JSON.stringify(r.entries)).not.toContain('Popescu');
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
    expect(r.warnings[1]!.reason).toContain('Petent');
  });

  it('skips blank lines and Excel empty rows', () => {
    const r = parseBorderouCsv(encode('numar_inregistrare;structura;nr_file\n\n;;\n5/01.10.2021;Juridic;1\n;;\n', 'utf-8'));
    expect(r.entries.map((e) => e.line)).toEqual([4]);
    expect(r.errors).toEqual([]);
  });

  it.each([
    ['empty file', new Uint8Array(0), /gol/],
    ['only blank lines', new TextEncoder().encode('\r\n\r\n  \r\n'), /niciun rând/],
    ['only a BOM', new Uint8Array([0xef, 0xbb, 0xbf]), /niciun rând/],
    ['no header', new TextEncoder().encode('84512/27.09.2021;Urbanism\n84513/27.09.2021;Juridic\n'), /antet/],
    ['missing structura', new TextEncoder().encode('numar_inregistrare;nr_file\n84512/27.09.2021;2\n'), /structura/],
    ['column named twice', new TextEncoder().encode('numar_inregistrare;structura;Structura\n1/01.10.2021;A;B\n'), /de două ori/],
    ['xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /Excel/],
    ['UTF-16 cut short', new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x3b]), /UTF-16/],
    ['binary with NUL', new Uint8Array([0x6e, 0x75, 0x00, 0x01, 0x02]), /binare/],
    ['binary noise', new Uint8Array(Array.from({ length: 4096 }, (_, i) => ((i * 7919) % 255) + 1)), /binare|coloanele/],
    ['over 5 MB', new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41), /prea mare/],
  ])('%s → CSV_INVALID', (_name, bytes, message) => {
    expectCsvInvalid(bytes, message);
  });
});

describe('parseBorderouCsv: bad rows are reported with their line, never dropped silently', () => {
  const text = [
    'numar_inregistrare;structura;nr_file;data', // 1
    '84512/27.09.2021;Urbanism;2;', // 2 ok
    '84512/31.09.2021;Urbanism;2;', // 3 impossible date
    '84514/27.09.2021;;2;', // 4 no department
    '84515/27.09.2021;Juridic;două;', // 5 non-numeric sheets
    '84516/27.09.2021;Juridic', // 6 too few fields
    '84517/27.09.2021;Juridic;1;;x', // 7 too many fields
    '84512/27.09.2021;Cultură;3;', // 8 duplicate of line 2
    '084518 / 27.9.2021;Juridic;0;', // 9 zero sheets
    '84519/27.09.2021;Juridic;1;32.01.2021', // 10 bad date column
    '84520/27.09.2021;Juridic;1;;', // 11 ok: trailing empty field
  ].join('\r\n');

  it('lists every bad row with a Romanian reason', () => {
    const r = parseBorderouCsv(encode(text, 'utf-8'));
    expect(r.entries.map((e) => e.line)).toEqual([2, 11]);
    const byLine = r.errors.map((e) => [e.line, e.column]);
    expect(byLine).toEqual([
      [3, 'numar_inregistrare'],
      [4, 'structura'],
      [5, 'nr_file'],
      [6, null],
      [7, null],
      [8, 'numar_inregistrare'],
      [9, 'nr_file'],
      [10, 'data'],
    ]);
    const reasons = new Map(r.errors.map((e) => [e.line, e.reason]));
    expect(reasons.get(3)).toContain('nu există în calendar');
    expect(reasons.get(4)).toContain('lipsește');
    expect(reasons.get(5)).toContain('„două”');
    expect(reasons.get(6)).toContain('câmpuri');
    expect(reasons.get(8)).toContain('prima dată pe linia 2');
  });

  it('reports duplicates after normalisation', () => {
    const r = parseBorderouCsv(encode('numar_inregistrare;structura\n84512/27.09.2021;A\n084512/27.9.2021;A\n', 'utf-8'));
    expect(r.entries).toHaveLength(1);
    expect(r.errors).toEqual([{ line: 3, column: 'numar_inregistrare', reason: expect.stringContaining('apare de mai multe ori') }]);
  });
});

describe('parseBorderouCsv: hostile values', () => {
  it('rejects formulas, control characters and huge values in key columns', () => {
    const huge = 'A'.repeat(10_000);
    const text = csv(
      [
        ['numar_inregistrare', 'structura'],
        ["=cmd|' /C calc'!A0", 'Urbanism'],
        ['1/01.10.2021', "=HYPERLINK(\"http://x\";\"clic\")"],
        ['2/01.10.2021', '@SUM(A1:A2)'],
        ['3/01.10.2021', 'Urba\u0007nism'],
        ['4/01.10.2021', 'Juridic\u202eciduj'],
        ['5/01.10.2021', huge],
        [huge, 'Urbanism'],
        ['6/01.10.2021', '  Direcția\u00a0 Tehnică\u200b '],
      ],
      ';',
    );
    const r = parseBorderouCsv(encode(text, 'utf-8'));
    expect(r.entries).toEqual([expect.objectContaining({ registrationNumber: '6/01.10.2021', department: 'Direcția Tehnică', line: 9 })]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.errors[1]!.reason).toContain('formulă');
    expect(r.errors[3]!.reason).toContain('caractere de control');
    expect(r.errors[5]!.reason).toContain('prea lungă');
    for (const e of r.errors) {
      expect(e.reason.length).toBeLessThan(200);
      expect(e.reason).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/u);
    }
  });

  it('neutralises notes and reports each change as a warning', () => {
    const text = csv(
      [
        ['numar_inregistrare', 'structura', 'observatii'],
        ['1/01.10.2021', 'Urbanism', '=1+2'],
        ['2/01.10.2021', 'Urbanism', 'a\u0000b\u001bc'],
        ['3/01.10.2021', 'Urbanism', 'x'.repeat(10_000)],
      ],
      ';',
    );
    const r = parseBorderouCsv(encode(text.replace('\u0000', '\u0001'), 'utf-8'));
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.notes?.slice(0, 6))).toEqual(["'=1+2", 'abc', 'xxxxxx']);
    expect(r.entries[2]!.notes).toHaveLength(1000);
    expect(r.warnings.map((w) => [w.line, w.column])).toEqual([
      [2, 'observatii'],
      [3, 'observatii'],
      [4, 'observatii'],
    ]);
  });
});
