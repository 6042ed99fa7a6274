/**
 * A borderou as the registry software exports it: a title block above the table (the institution, the
 * office, «Borderou de predare…», the day, empty lines), in Windows-1250 with `;` or UTF-8 with a BOM
 * and `,`, CRLF. The table is read whatever the block's length up to MAX_TITLE_LINES; past that, or with
 * a wrong header, the error names the line and the delimiter the table uses; a data row is never taken
 * for a title line or a header.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LINES } from '../../../shared/src/borderou/find-table-header.ts';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { exportTable as table, padded, titleBlock, utf8Bom, windows1250 } from '../../support/borderou-export.ts';
import { borderouRefusal } from '../../support/borderou-refusal.ts';

const refusal = borderouRefusal;

describe('a title block above the header', () => {
  it.each([
    ['Windows-1250, `;`, lines padded by Excel', windows1250, ';', true],
    ['UTF-8 with BOM, `,`, lines padded by Excel', utf8Bom, ',', true],
    ['UTF-8 with BOM, `,`, title lines not padded', utf8Bom, ',', false],
    ['Windows-1250, `;`, title lines not padded', windows1250, ';', false],
  ] as const)('%s: the table on line 9 is read, the title lines are named as ignored', (_name, encode, d, pad) => {
    const r = parseBorderouCsv(encode([...titleBlock(d, pad), ...table(d)]));
    expect(r.delimiter).toBe(d);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.line, e.registrationNumber, e.department, e.expectedSheets])).toEqual([
      [10, '84512/27.09.2021', 'Direcția Urbanism', 3],
      [11, '84513/27.09.2021', 'Serviciul Stare Civilă', 1],
    ]);
    expect(r.warnings).toEqual([
      ...[1, 2, 3, 4, 6, 7].map((line) => ({ line, column: null, reason: 'rând de titlu deasupra antetului, ignorat' })),
      { line: 9, column: null, reason: 'coloane necunoscute, ignorate: Nr. crt., Petent' },
    ]);
    expect(JSON.stringify(r.entries)).not.toContain('Popescu');
  });

  it(`a block of ${MAX_TITLE_LINES} title lines is read; one more is refused naming the header's line`, () => {
    const block = (n: number) => Array.from({ length: n }, (_, i) => padded(`Rândul ${i + 1} al antetului de pagină`, ';'));
    const read = parseBorderouCsv(windows1250([...block(MAX_TITLE_LINES), ...table(';')]));
    expect(read.entries.map((e) => e.line)).toEqual([MAX_TITLE_LINES + 2, MAX_TITLE_LINES + 3]);

    const err = refusal(windows1250([...block(MAX_TITLE_LINES + 1), '', ...table(';')]));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(
      'Antetul tabelului este abia pe linia 23, sub 21 de rânduri; deasupra antetului sunt acceptate cel mult 20 de rânduri de titlu. '
        + 'Verificați că este borderoul zilei și ștergeți rândurile de deasupra antetului care nu fac parte din tabel.');
    expect(err.details).toMatchObject({ reason: 'title-too-long', line: 23, titleLines: 21, delimiter: ';' });
  });

  it('a title line naming a column («Data:;27.09.2021») in a block too long: still the header\'s line, under `,`', () => {
    const block = Array.from({ length: MAX_TITLE_LINES + 3 }, (_, i) => (i === 3 ? 'Data:,27.09.2021,,,,' : padded(`Rândul ${i + 1}`, ',')));
    const err = refusal(utf8Bom([...block, ...table(',')]));
    expect(err.details).toMatchObject({ reason: 'title-too-long', line: MAX_TITLE_LINES + 4, titleLines: MAX_TITLE_LINES + 3, delimiter: ',' });
  });

  it('a title line holding a number outside the table\'s columns («Borderou nr.;15/27.09.2021») is a title line', () => {
    const r = parseBorderouCsv(utf8Bom(['PRIMĂRIA MUNICIPIULUI BISTRIȚA;;;;;', 'Borderou nr.;15/27.09.2021;;;;', ';;;;;', ...table(';')]));
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.registrationNumber)).toEqual(['84512/27.09.2021', '84513/27.09.2021']);
    expect(r.warnings.slice(0, 2).map((w) => w.line)).toEqual([1, 2]);
  });
});

describe('a data row is never a title line or a header', () => {
  it('rows of documents above the header (a header repeated lower down) are bad rows naming their line, not ignored', () => {
    const r = parseBorderouCsv(utf8Bom([
      'Borderou 27.09.2021;;',
      '84510/27.09.2021;Direcția Urbanism;2',
      '84511/27.09.2021;Cabinet Primar;1',
      'Număr înregistrare;Structura;Nr. file',
      '84512/27.09.2021;Serviciul Stare Civilă;4',
    ]));
    expect(r.entries.map((e) => e.line)).toEqual([5]);
    expect(r.errors).toEqual([2, 3].map((line) => ({
      line, column: null, reason: 'rând de date deasupra antetului de pe linia 4; rândurile de date trebuie să stea sub antet',
    })));
    expect(r.warnings.map((w) => w.line)).toEqual([1]);
  });

  it('rows of documents, then a header lower than a title block may reach: «no header» naming the first row and the header\'s line', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${84500 + i}/27.09.2021;Direcția Urbanism;1`);
    const err = refusal(windows1250(['Borderou 27.09.2021;;', ...rows, 'Număr înregistrare;Structura;Nr. file', '84600/27.09.2021;Cabinet Primar;1']));
    expect(err.message).toBe(
      'Lipsește rândul de antet: linia 2 este un rând de date (84500/27.09.2021), iar deasupra lui niciun rând nu numește coloanele. '
        + 'Adăugați deasupra primului rând de date antetul cu numele coloanelor (numar_inregistrare, structura, …). '
        + 'Antetul de pe linia 32 trebuie să stea deasupra primului rând de date.');
    expect(err.details).toMatchObject({ reason: 'no-header', line: 2, delimiter: ';' });
  });

  it('a misnamed header at the top and a right one far below (a page\'s header repeated): the top one is named', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${84500 + i}/27.09.2021,Direcția Urbanism`);
    const err = refusal(utf8Bom(['Număr înregistrare,Compartiment', ...rows, 'Număr înregistrare,Structura', '84600/27.09.2021,Cabinet Primar']));
    expect(err.message).toBe('Antetul de pe linia 1 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Compartiment”.');
    expect(err.details).toMatchObject({ reason: 'missing-column', line: 1, delimiter: ',' });
  });

  it('a title block then rows with no header: «no header», naming the first data row, under `,`', () => {
    const err = refusal(utf8Bom([...titleBlock(',', false), '1,84512/27.09.2021,Direcția Urbanism', '2,84513/27.09.2021,Cabinet Primar']));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(
      'Lipsește rândul de antet: linia 9 este un rând de date (84512/27.09.2021), iar deasupra lui niciun rând nu numește coloanele. '
        + 'Adăugați deasupra primului rând de date antetul cu numele coloanelor (numar_inregistrare, structura, …).');
    expect(err.details).toMatchObject({ reason: 'no-header', line: 9, delimiter: ',' });
  });
});

describe('a wrong header below a title block: the line and the delimiter the table uses', () => {
  it.each([
    ['UTF-8 with BOM, `,`, one title line', utf8Bom, ',', ['Borderou 27.09.2021'], 2],
    ['UTF-8 with BOM, `,`, the registry\'s title block', utf8Bom, ',', titleBlock(',', false), 9],
    ['UTF-8 with BOM, `,`, the title block padded by Excel', utf8Bom, ',', titleBlock(',', true), 9],
    ['Windows-1250, `;`, the registry\'s title block', windows1250, ';', titleBlock(';', false), 9],
  ] as const)('%s: «Compartiment» for «Structura» named on its line', (_name, encode, d, title, line) => {
    const err = refusal(encode([...title, ...table(d, 'Compartiment')]));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(
      `Antetul de pe linia ${line} nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.`);
    expect(err.details).toEqual({ reason: 'missing-column', missing: ['structura'], delimiter: d, line });
  });

  it('a `,` table whose header names no borderou column: both columns missing, under `,`', () => {
    const err = refusal(utf8Bom(['Borderou 27.09.2021', 'Nr,Compartiment', '1,Urbanism', '2,Juridic']));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(
      'Niciun rând nu numește coloanele obligatorii: numar_inregistrare (Număr înregistrare), structura (Structura) (căutate pe liniile 1–4). '
        + 'Antetul tabelului lipsește sau numește coloanele altfel.');
    expect(err.details).toMatchObject({ reason: 'missing-column', delimiter: ',', line: 2 });
  });

  it('a letter of many lines, commas and a registration number inside its sentences is still prose', () => {
    const err = refusal(windows1250([
      'PRIMĂRIA MUNICIPIULUI BISTRIȚA',
      'Direcția Urbanism',
      '',
      'Către domnul Ion Popescu,',
      'Ca urmare a cererii dumneavoastră, înregistrată cu nr. 84512/27.09.2021,',
      'vă comunicăm că documentația este completă, iar autorizația',
      'va fi emisă în termenul legal, de 30 de zile.',
      'Cu stimă,',
      'Director executiv',
    ]));
    expect(err.code).toBe('NOT_A_BORDEROU');
    expect(err.details.kind).toBe('text');
  });
});
