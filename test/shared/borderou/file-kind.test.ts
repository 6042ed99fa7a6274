/**
 * A file that is no spreadsheet at all, given as the borderou, is told from its bytes (never its name)
 * and refused with NOT_A_BORDEROU saying what it is; a workbook in another format stays CSV_INVALID
 * (save it as CSV). Real files: a DOCX made by the `docx` library, a PDF by pdf-lib, pictures by sharp.
 */
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { notBorderouMessage } from '../../../shared/src/borderou/file-kind.ts';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { odtZip, pdfDocument, storedZip, wordDocx, xlsxZip } from '../../support/office-files.ts';
import { borderouRefusal } from '../../support/borderou-refusal.ts';

const refusal = borderouRefusal;

const picture = (format: 'png' | 'jpeg' | 'gif' | 'tiff' | 'webp') =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } }).toFormat(format).toBuffer();

describe('a file that is not a borderou at all', () => {
  it.each([
    ['a Word document (.docx)', () => wordDocx('Borderou 27.09.2021'), 'word', 'Fișierul este un document Word, nu un borderou CSV.'],
    ['a PDF', pdfDocument, 'pdf', 'Fișierul este un document PDF, nu un borderou CSV.'],
    ['a PNG picture', () => picture('png'), 'png', 'Fișierul este o imagine PNG, nu un borderou CSV.'],
    ['a JPEG picture', () => picture('jpeg'), 'jpeg', 'Fișierul este o imagine JPEG'],
    ['a TIFF picture', () => picture('tiff'), 'tiff', 'Fișierul este o imagine TIFF'],
    ['a WebP picture', () => picture('webp'), 'webp', 'Fișierul este o imagine WebP'],
    ['a LibreOffice Writer document', async () => odtZip(), 'opendocument-text', 'Fișierul este un document LibreOffice Writer (.odt)'],
    ['a ZIP of other files', async () => storedZip([['poze/p1.jpg', 'x']]), 'zip', 'Fișierul este o arhivă ZIP'],
    ['an RTF document', async () => Buffer.from('{\\rtf1\\ansi Borderou;Urbanism}'), 'rtf', 'Fișierul este un document RTF (Word)'],
    ['a plain text letter (.txt)', async () => Buffer.from('Stimate domnule primar\r\nVă rog să aprobați\r\n'), 'text', 'Fișierul este un text fără coloane'],
  ])('%s: NOT_A_BORDEROU with what it is and what is expected', async (_name, make, kind, start) => {
    const err = refusal(new Uint8Array(await make()));
    expect(err.code).toBe('NOT_A_BORDEROU');
    expect(err.details.kind).toBe(kind);
    expect(err.message.startsWith(start)).toBe(true);
    expect(err.message).toContain('Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.');
  });

  it('names the file when its name is known', () => {
    expect(notBorderouMessage('word', 'cerere.docx')).toBe(
      '„cerere.docx” este un document Word, nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.');
  });
});

describe('a workbook in another format: CSV_INVALID, save it as CSV', () => {
  it('an Excel workbook (.xlsx, its xl/ entries)', () => {
    const err = refusal(new Uint8Array(xlsxZip()));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe('Fișierul este un registru Excel (.xlsx), nu un CSV. Salvați-l din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.');
  });

  it('a LibreOffice Calc workbook (.ods)', () => {
    const err = refusal(new Uint8Array(storedZip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<x/>']])));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toMatch(/LibreOffice Calc \(\.ods\)/);
  });

  it('a table saved as tab-separated text with a column misnamed is not taken for prose: CSV_INVALID naming its header', () => {
    const err = refusal(new TextEncoder().encode('numar_inregistrare\tcompartiment\n84512/27.09.2021\tUrbanism\n'));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe('Antetul de pe linia 1 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „compartiment”.');
    expect(err.details).toMatchObject({ delimiter: '\t', line: 1 });
  });

  it('a one-column CSV naming a borderou column is still a CSV missing the others', () => {
    const err = refusal(new TextEncoder().encode('numar_inregistrare\n84512/27.09.2021\n'));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toMatch(/structura/);
  });

  // a title line («Borderou 27.09.2021») may stand above the header: with a column missing or misnamed below it,
  // the file is still a table (6489927 looked only at the title line: «un text fără coloane», NOT_A_BORDEROU)
  const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  it.each([
    ['Windows-1250, `;`, a header with «Compartiment» for «Structura»', () => iconv.encode('Borderou registratură 27.09.2021\r\nNr. înregistrare;Compartiment\r\n84512/27.09.2021;Urbanism\r\n', 'windows-1250'),
      'Antetul de pe linia 2 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Compartiment”.'],
    ['UTF-8 with BOM, `,`, a header with «Compartiment» for «Structura»', () => bom('Borderou 27.09.2021\nNumăr înregistrare,Compartiment\n84512/27.09.2021,Urbanism\n'),
      'Antetul de pe linia 2 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Compartiment”.'],
    ['UTF-8, `;`, no header at all', () => new TextEncoder().encode('Borderou 27.09.2021\n84512/27.09.2021;Urbanism\n'),
      'Lipsește rândul de antet: linia 2 este un rând de date (84512/27.09.2021), iar deasupra lui niciun rând nu numește coloanele. '
        + 'Adăugați deasupra primului rând de date antetul cu numele coloanelor (numar_inregistrare, structura, …).'],
  ])('a title line above a table whose header is wrong (%s): CSV_INVALID saying what is missing, not prose', (_name, make, message) => {
    const err = refusal(new Uint8Array(make()));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(message);
  });

  it('a real borderou with a BOM, in Windows-1250, with semicolons, with a title line: read, not refused', () => {
    for (const bytes of [
      bom('Număr înregistrare;Structura\n84512/27.09.2021;Urbanism\n'),
      new Uint8Array(iconv.encode('Borderou 27.09.2021\r\nNumăr înregistrare;Structura;Observaţii\r\n84512/27.09.2021;Direcţia Tehnică;Întârziat\r\n', 'windows-1250')),
    ]) expect(parseBorderouCsv(bytes).entries.map((e) => e.registrationNumber)).toEqual(['84512/27.09.2021']);
  });

  it('a letter naming a registration number inside a sentence is still prose', () => {
    const err = refusal(new TextEncoder().encode('Către Primăria Municipiului\nCa urmare a adresei nr. 1234/12.05.2021, vă comunicăm\n'));
    expect(err.code).toBe('NOT_A_BORDEROU');
    expect(err.details.kind).toBe('text');
  });
});
