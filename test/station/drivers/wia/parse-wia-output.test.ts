import { describe, expect, it } from 'vitest';
import { formatHresult, parseWiaLine, parseWiaOutput, type WiaEvent } from '../../../../station/src/drivers/wia/parse-wia-output.ts';
import { wiaCapture } from './wia-fixtures.ts';

const kinds = (events: WiaEvent[]) => events.map((e) => e.kind);
const pages = (events: WiaEvent[]) => events.flatMap((e) => (e.kind === 'page' ? [e] : []));

describe('parseWiaOutput on captured-style outputs', () => {
  it('reads a normal ADF batch written with CRLF line ends', () => {
    const events = parseWiaOutput(wiaCapture('wia-adf-batch.txt'));
    expect(kinds(events)).toEqual(['page', 'page', 'page', 'page', 'page', 'page', 'end']);
    expect(pages(events).map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages(events)[0]?.file).toBe('C:\\ScanStation\\work\\lot-0042\\page-00001.png');
    expect(events.at(-1)).toEqual({ kind: 'end', pages: 6 });
  });

  it('reads an empty feeder as one ERROR with no page', () => {
    expect(parseWiaOutput(wiaCapture('wia-feeder-empty.txt'))).toEqual([
      { kind: 'error', hresult: 0x80210003, pages: 0, message: 'Exception from HRESULT: 0x80210003' },
    ]);
  });

  it('keeps the 3 pages before a jam, then the jam', () => {
    const events = parseWiaOutput(wiaCapture('wia-jam-after-3.txt'));
    expect(kinds(events)).toEqual(['page', 'page', 'page', 'error']);
    expect(events[3]).toMatchObject({ kind: 'error', hresult: 0x80210002, pages: 3 });
  });

  it.each([
    ['wia-busy.txt', 0x80210006, 0, 'Dispozitivul WIA este ocupat.'],
    ['wia-cover-open.txt', 0x80210016, 1, 'Exception from HRESULT: 0x80210016'],
    ['wia-double-feed.txt', 0x80210020, 2, 'Exception from HRESULT: 0x80210020'],
    ['wia-offline.txt', 0x80210005, 0, 'The device is offline. Make sure the device is powered on and connected to the PC.'],
  ])('reads %s', (file, hresult, pagesSoFar, message) => {
    const events = parseWiaOutput(wiaCapture(file));
    expect(pages(events)).toHaveLength(pagesSoFar);
    expect(events.at(-1)).toEqual({ kind: 'error', hresult, pages: pagesSoFar, message });
  });

  it('decodes a path with spaces, an em dash, parentheses and Romanian diacritics', () => {
    const events = parseWiaOutput(wiaCapture('wia-path-diacritics.txt'));
    expect(pages(events).map((p) => p.file)).toEqual([
      'C:\\Users\\Registratură\\Documente\\Scanări noi\\lot 7 — ședința (urgent)\\page-00001.png',
      'C:\\Users\\Registratură\\Documente\\Scanări noi\\lot 7 — ședința (urgent)\\page-00002.png',
    ]);
    expect(pages(events)[0]?.file).toContain('\u0219'); // ș with comma below, not the cedilla form
  });

  it('turns garbage into noise and keeps the good events around it', () => {
    const events = parseWiaOutput(wiaCapture('wia-garbage.txt'));
    expect(kinds(events).filter((k) => k !== 'noise')).toEqual(['page', 'page', 'end']);
    expect(pages(events).map((p) => p.index)).toEqual([1, 2]);
    const noise = events.filter((e) => e.kind === 'noise');
    expect(noise).toHaveLength(12);
    expect(noise[0]).toMatchObject({ line: 'WARNING: The names of some imported commands include unapproved verbs.' });
    expect(noise.map((n) => (n.kind === 'noise' ? n.reason : ''))).toContain('bad or empty page path');
  });

  it('reads list output', () => {
    const devices = parseWiaOutput(wiaCapture('wia-list.txt')).filter((e) => e.kind === 'device');
    expect(devices).toHaveLength(4);
    expect(devices[0]).toEqual({
      kind: 'device',
      id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000',
      type: '1',
      manufacturer: 'FUJITSU',
      name: 'fi-7160',
    });
    expect(devices[3]).toMatchObject({ manufacturer: '', name: 'Scanner de rețea (HP)' });
  });
});

describe('parseWiaLine edge cases', () => {
  it('rejects page numbers below 1 and extra fields', () => {
    expect(parseWiaLine('PAGE 0 C%3A%5Cx.png').kind).toBe('noise');
    expect(parseWiaLine('PAGE 1 C%3A%5Cx.png extra').kind).toBe('noise');
    expect(parseWiaLine('END 3 4').kind).toBe('noise');
  });

  it('accepts an ERROR without a message and lower-case hex', () => {
    expect(parseWiaLine('ERROR 0x8021000a 4')).toEqual({ kind: 'error', hresult: 0x8021000a, pages: 4, message: '' });
  });

  it('reads CAP lines with any number of values', () => {
    expect(parseWiaLine('CAP x-resolution range 50 600 1')).toEqual({ kind: 'cap', key: 'x-resolution', values: ['range', '50', '600', '1'] });
    expect(parseWiaLine('CAP item Feeder')).toEqual({ kind: 'cap', key: 'item', values: ['Feeder'] });
  });

  it('formats HRESULTs the way the script prints them', () => {
    expect(formatHresult(0x80210002)).toBe('0x80210002');
    expect(formatHresult(-2145320958)).toBe('0x80210002'); // the signed Int32 PowerShell holds
    expect(formatHresult(5)).toBe('0x00000005');
  });
});
