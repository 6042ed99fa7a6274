import { describe, expect, it } from 'vitest';
import { DOCUMENT_ID_MAX, documentIdProblem, escapeForbidden, fileNameProblem, trimSpaces } from '../../shared/src/document-names.ts';
import { BATCH_REPORT_LIMITS } from '../../shared/src/schemas/batch-report.ts';
import { MAX_SEPARATOR_VALUE_LENGTH } from '../../station/src/barcode/separator-rule.ts';

describe('document ids and file names: one rule for station and server', () => {
  it('one id length limit on both sides', () => {
    expect(DOCUMENT_ID_MAX).toBe(64);
    expect(BATCH_REPORT_LIMITS.documentIdMax).toBe(DOCUMENT_ID_MAX);
    expect(MAX_SEPARATOR_VALUE_LENGTH).toBe(DOCUMENT_ID_MAX);
  });

  it.each(['84512/27.09.2021', 'PATCHT', 'ȘĂÎ-țâ 12', 'x'.repeat(64), 'Dosar 12 (anexă)'])('accepts the id %j', (id) => {
    expect(documentIdProblem(id)).toBeNull();
  });

  it.each([
    ['right-to-left override', '84512/27.09.2021\u202Efdp.exe', 'conține caracterul U+202E (de control, invizibil sau de schimbare a direcției textului)'],
    ['zero-width space', '84512/27\u200B.09.2021', 'conține caracterul U+200B (de control, invizibil sau de schimbare a direcției textului)'],
    ['byte order mark', '\uFEFF84512/27.09.2021', 'conține caracterul U+FEFF (de control, invizibil sau de schimbare a direcției textului)'],
    ['left-to-right isolate', 'a\u2066b', 'conține caracterul U+2066 (de control, invizibil sau de schimbare a direcției textului)'],
    ['right-to-left mark', 'a\u200Fb', 'conține caracterul U+200F (de control, invizibil sau de schimbare a direcției textului)'],
    ['soft hyphen', 'a\u00ADb', 'conține caracterul U+00AD (de control, invizibil sau de schimbare a direcției textului)'],
    ['invisible tag', 'a\u{E0041}b', 'conține caracterul U+E0041 (de control, invizibil sau de schimbare a direcției textului)'],
    ['lone surrogate', 'a\uD800b', 'conține caracterul U+D800 (de control, invizibil sau de schimbare a direcției textului)'],
    ['NUL', 'a\u0000b', 'conține caracterul U+0000 (de control, invizibil sau de schimbare a direcției textului)'],
    ['newline', '1/01.01.2020\n', 'conține caracterul U+000A (de control, invizibil sau de schimbare a direcției textului)'],
    ['leading space', ' 84512/27.09.2021', 'are spații la început sau la sfârșit'],
    ['trailing no-break space', '84512/27.09.2021\u00A0', 'are spații la început sau la sfârșit'],
    ['too long', 'x'.repeat(65), 'este prea lung (65 caractere; cel mult 64)'],
    ['empty', '', 'nu poate fi gol'],
  ])('refuses an id with %s', (_what, id, reason) => {
    expect(documentIdProblem(id)).toBe(reason);
  });

  it.each(['84512_27.09.2021.pdf', 'PATCHT-2.pdf', 'unassigned.pdf', 'dosar ăîș.pdf'])('accepts the file name %j', (name) => {
    expect(fileNameProblem(name)).toBeNull();
  });

  it.each([
    ['../../etc/passwd', 'conține un separator de dosar („/” sau „\\”)'],
    ['..\\..\\Windows\\win.ini', 'conține un separator de dosar („/” sau „\\”)'],
    ['/etc/passwd', 'conține un separator de dosar („/” sau „\\”)'],
    ['..', 'conține „..”'],
    ['a..pdf', 'conține „..”'],
    ['C:evil.pdf', 'conține caracterul nepermis „:”'],
    ['raport\u202Efdp.exe', 'conține caracterul U+202E (de control, invizibil sau de schimbare a direcției textului)'],
    ['a\u200B.pdf', 'conține caracterul U+200B (de control, invizibil sau de schimbare a direcției textului)'],
    [' a.pdf', 'are spații la început sau la sfârșit'],
    ['x'.repeat(256), 'este prea lung (256 caractere; cel mult 255)'],
  ])('refuses the file name %j', (name, reason) => {
    expect(fileNameProblem(name)).toBe(reason);
  });

  it('trims spaces (not invisible characters) off the ends; escapes what it refuses', () => {
    expect(trimSpaces('  84512/27.09.2021\u00A0 ')).toBe('84512/27.09.2021');
    expect(trimSpaces('\uFEFFx')).toBe('\uFEFFx');
    expect(trimSpaces('a b')).toBe('a b');
    expect(escapeForbidden('a\u202Eb\u0000')).toBe('a\\u202eb\\u0000');
  });
});
