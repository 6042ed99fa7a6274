import { describe, expect, it } from 'vitest';
import { ABSURD_VALUE_LENGTH, DEFAULT_SEPARATOR_PATTERN, MAX_SEPARATOR_VALUE_LENGTH, hadSpacesTrimmed, isPlausibleValue, makeSeparatorRule, matchSeparator, previewValue } from '../../../station/src/barcode/separator-rule.ts';

describe('default separator rule (registration numbers)', () => {
  const rule = makeSeparatorRule(DEFAULT_SEPARATOR_PATTERN, []);

  it.each(['84512/27.09.2021', '1/01.01.2020', '12345678/31.12.1999'])('%s is a separator and becomes the id', (v) => {
    expect(matchSeparator(rule, v)).toEqual({ kind: 'registration', id: v });
  });

  it.each([
    '123456789/27.09.2021', // nine digits
    '84512/27.09.21', // short year
    '84512-27.09.2021',
    '84512/27-09-2021',
    '84512/27.09.2021\n',
    'x84512/27.09.2021',
    '84512/2.09.2021',
    '/27.09.2021',
    'https://anaf.ro/?nr=84512/27.09.2021',
    'PATCHT',
    '',
    '٨٤٥١٢/27.09.2021', // Arabic-Indic digits are not \d
  ])('%j is not a separator', (v) => {
    expect(matchSeparator(rule, v)).toBeNull();
  });

  it.each(['84512/27.09.2021 ', ' 84512/27.09.2021', '\u00A084512/27.09.2021\u2003'])('%j: spaces at the ends are trimmed (same id rule as the server)', (v) => {
    expect(matchSeparator(rule, v)).toEqual({ kind: 'registration', id: '84512/27.09.2021' });
    expect(hadSpacesTrimmed(v)).toBe(true);
    expect(hadSpacesTrimmed('84512/27.09.2021')).toBe(false);
  });

  it('uses the same answer on repeated calls (no lastIndex state)', () => {
    const g = makeSeparatorRule(DEFAULT_SEPARATOR_PATTERN, []);
    g.pattern = new RegExp(DEFAULT_SEPARATOR_PATTERN, 'gu'); // a sticky/global pattern must not alternate
    expect(matchSeparator(g, '1/01.01.2020')).not.toBeNull();
    expect(matchSeparator(g, '1/01.01.2020')).not.toBeNull();
  });
});

describe('custom pattern and generic values', () => {
  it('a custom pattern replaces the default one', () => {
    const rule = makeSeparatorRule('^DOC-\\d{4}$', []);
    expect(matchSeparator(rule, 'DOC-0042')).toEqual({ kind: 'registration', id: 'DOC-0042' });
    expect(matchSeparator(rule, '84512/27.09.2021')).toBeNull();
  });

  it('the pattern is a Unicode regular expression', () => {
    const rule = makeSeparatorRule('^\\p{Lu}{3}$', []);
    expect(matchSeparator(rule, 'ȘĂÎ')).toEqual({ kind: 'registration', id: 'ȘĂÎ' });
    expect(matchSeparator(rule, 'abc')).toBeNull();
  });

  it('generic values match exactly (case counts, spaces at the ends are trimmed) and win over the pattern', () => {
    const rule = makeSeparatorRule(DEFAULT_SEPARATOR_PATTERN, ['PATCHT', '1/01.01.2020']);
    expect(matchSeparator(rule, 'PATCHT')).toEqual({ kind: 'generic', value: 'PATCHT' });
    expect(matchSeparator(rule, 'patcht')).toBeNull();
    expect(matchSeparator(rule, 'PATCHT ')).toEqual({ kind: 'generic', value: 'PATCHT' });
    expect(matchSeparator(rule, 'PAT CHT')).toBeNull();
    expect(matchSeparator(rule, 'PATCH')).toBeNull();
    expect(matchSeparator(rule, '1/01.01.2020')).toEqual({ kind: 'generic', value: '1/01.01.2020' });
    expect(matchSeparator(rule, '2/01.01.2020')).toEqual({ kind: 'registration', id: '2/01.01.2020' });
  });
});

describe('implausible values never match', () => {
  const everything = makeSeparatorRule('^[\\s\\S]*$', ['A\u0000B', 'x'.repeat(200)]);

  it('the length limit is the server\'s (64)', () => { expect(MAX_SEPARATOR_VALUE_LENGTH).toBe(64); });

  it.each([
    ['NUL', 'A\u0000B'],
    ['newline', '12/01.01.2020\n'],
    ['carriage return', '1\r2'],
    ['escape sequence', '\u001b[2J'],
    ['DEL', 'a\u007f'],
    ['C1 control', 'a\u0085b'],
    ['line separator', 'a\u2028b'],
    ['paragraph separator', 'a\u2029b'],
    ['right-to-left override', '84512/27.09.2021\u202Efdp'],
    ['zero-width space', '84512/\u200B27.09.2021'],
    ['byte order mark', '\uFEFF84512/27.09.2021'],
    ['isolate', 'a\u2067b'],
    ['only spaces', '   '],
    ['empty', ''],
    ['absurdly long', 'x'.repeat(ABSURD_VALUE_LENGTH + 1)],
    ['10 kB', '1'.repeat(10_000)],
  ])('%s', (_what, v) => {
    expect(isPlausibleValue(v)).toBe(false);
    expect(matchSeparator(everything, v)).toBeNull();
  });

  it('a value one over the id limit is not a separator, yet not reported (an invoice QR with a URL)', () => {
    const v = 'https://www.anaf.ro/verificare?factura=FAC-2021-00042&suma=1250.00';
    expect(v.length).toBeGreaterThan(MAX_SEPARATOR_VALUE_LENGTH);
    expect(isPlausibleValue(v)).toBe(true);
    expect(matchSeparator(everything, v)).toBeNull();
    expect(matchSeparator(everything, 'y'.repeat(MAX_SEPARATOR_VALUE_LENGTH + 1))).toBeNull();
  });

  it('a value at the length limit is still allowed', () => {
    const v = 'y'.repeat(MAX_SEPARATOR_VALUE_LENGTH);
    expect(isPlausibleValue(v)).toBe(true);
    expect(matchSeparator(everything, v)).toEqual({ kind: 'registration', id: v });
  });

  it('previewValue makes a hostile value printable and short', () => {
    expect(previewValue('a\u0000b\u001bc')).toBe('a\\u0000b\\u001bc');
    expect(previewValue('a\u202Eb\u200Bc')).toBe('a\\u202eb\\u200bc');
    const long = previewValue('z'.repeat(10_000));
    expect(long.length).toBeLessThan(80);
    expect(long).toContain('10000 caractere');
    expect(previewValue('84512/27.09.2021')).toBe('84512/27.09.2021');
  });
});
