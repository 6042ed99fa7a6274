import { describe, expect, it } from 'vitest';
import {
  checkRegistrationNumber,
  DEFAULT_SEPARATOR_PATTERN,
  formatIsoDateRo,
  isCalendarDate,
  isRegistrationNumber,
  normalizeRegistrationNumber,
  parseRegistrationNumber,
  registrationDate,
} from '../../shared/src/registration-number.ts';

describe('registration numbers', () => {
  it('parses the canonical form and extracts the ISO date', () => {
    expect(parseRegistrationNumber('84512/27.09.2021')).toEqual({ text: '84512/27.09.2021', running: 84512, date: '2021-09-27' });
    expect(registrationDate('84512/27.09.2021')).toBe('2021-09-27');
    expect(isRegistrationNumber('12345678/01.10.2021')).toBe(true);
  });

  it('normalises spaces, leading zeros and one-digit day or month', () => {
    expect(normalizeRegistrationNumber('  0084512 / 1.9.2021 ')).toBe('84512/01.09.2021');
    expect(normalizeRegistrationNumber('7/01.01.2024')).toBe('7/01.01.2024');
  });

  it('canonical forms match the default separator pattern, loose ones do not', () => {
    const re = new RegExp(DEFAULT_SEPARATOR_PATTERN);
    expect(re.test('84512/27.09.2021')).toBe(true);
    expect(re.test(normalizeRegistrationNumber('84512 / 7.9.2021')!)).toBe(true);
    expect(re.test('84512 / 7.9.2021')).toBe(false);
    expect(re.test('123456789/27.09.2021')).toBe(false);
  });

  it.each([
    ['', 'lipsește'],
    ['84512', 'nu are forma'],
    ['123456789/27.09.2021', 'nu are forma'],
    ['84512/31.09.2021', 'nu există în calendar'],
    ['84512/29.02.2021', 'nu există în calendar'],
    ['84512/27.13.2021', 'nu există în calendar'],
    ['84512/00.09.2021', 'nu există în calendar'],
    ['0/27.09.2021', 'nu poate fi 0'],
    ['84512/27.09.1021', 'nu este plauzibil'],
    ['84512-27.09.2021', 'nu are forma'],
    ['=cmd|\' /C calc\'!A0', 'nu are forma'],
    ['1'.repeat(10_000), 'prea lung'],
  ])('rejects %j with a Romanian reason', (input, reason) => {
    const r = checkRegistrationNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('does not echo control characters in the reason', () => {
    const r = checkRegistrationNumber('84\u0007512/27.09.2021\u202e');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).not.toMatch(/[\u0007\u202e]/u);
  });

  it('knows leap years', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(normalizeRegistrationNumber('1/29.02.2024')).toBe('1/29.02.2024');
  });

  it('formats ISO dates the Romanian way', () => {
    expect(formatIsoDateRo('2021-09-27')).toBe('27.09.2021');
  });
});
