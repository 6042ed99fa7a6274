import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../../shared/src/errors.ts';
import { parseWiaOutput } from '../../../../station/src/drivers/wia/parse-wia-output.ts';
import { WIA_HRESULT, wiaStopToError } from '../../../../station/src/drivers/wia/wia-errors.ts';
import { wiaCapture } from './wia-fixtures.ts';

const DIACRITICS = /[ăâîșțĂÂÎȘȚ]/;
const CEDILLA_FORMS = /[şţŞŢ]/; // the wrong (Turkish) letters must never appear

describe('wiaStopToError', () => {
  it('treats paper empty after at least one page as the normal end of the batch', () => {
    expect(wiaStopToError(WIA_HRESULT.PAPER_EMPTY, 1)).toBeNull();
    expect(wiaStopToError(WIA_HRESULT.PAPER_EMPTY, 57)).toBeNull();
  });

  it('treats paper empty with no page as an empty feeder', () => {
    const err = wiaStopToError(WIA_HRESULT.PAPER_EMPTY, 0);
    expect(isStationError(err, 'FEEDER_EMPTY')).toBe(true);
    expect(err?.message).toContain('Puneți documentele în alimentator');
    expect(err?.details).toMatchObject({ hresult: '0x80210003', pages: 0 });
  });

  it.each([
    [WIA_HRESULT.PAPER_JAM, 'PAPER_JAM'],
    [WIA_HRESULT.PAPER_PROBLEM, 'PAPER_JAM'],
    [WIA_HRESULT.BUSY, 'DEVICE_BUSY'],
    [WIA_HRESULT.WARMING_UP, 'DEVICE_BUSY'],
    [WIA_HRESULT.DEVICE_LOCKED, 'DEVICE_BUSY'],
    [WIA_HRESULT.COVER_OPEN, 'COVER_OPEN'],
    [WIA_HRESULT.MULTI_FEED, 'DOUBLE_FEED'],
    [WIA_HRESULT.OFFLINE, 'DEVICE_OFFLINE'],
    [WIA_HRESULT.ITEM_DELETED, 'DEVICE_OFFLINE'],
    [WIA_HRESULT.NO_DEVICE_AVAILABLE, 'DEVICE_NOT_FOUND'],
    [WIA_HRESULT.DEVICE_COMMUNICATION, 'IO_ERROR'],
    [WIA_HRESULT.E_ACCESSDENIED, 'ACCESS_DENIED'],
    [WIA_HRESULT.E_INVALIDARG, 'OPTION_INVALID'],
    [WIA_HRESULT.INCORRECT_HARDWARE_SETTING, 'OPTION_INVALID'],
    [WIA_HRESULT.LAMP_OFF, 'SCAN_FAILED'],
    [WIA_HRESULT.GENERAL_ERROR, 'SCAN_FAILED'],
    [0x80004005, 'SCAN_FAILED'],
    [0x80040154, 'SCAN_FAILED'],
  ] as const)('maps HRESULT %d to %s with a Romanian message that says what to do', (hresult, code) => {
    const err = wiaStopToError(hresult, 0);
    expect(err?.code).toBe(code);
    expect(err?.message.length).toBeGreaterThan(30);
    expect(err?.message).not.toMatch(CEDILLA_FORMS);
    expect(err?.message).toMatch(DIACRITICS);
  });

  it('accepts the signed Int32 form of an HRESULT', () => {
    expect(wiaStopToError(0x80210002 | 0, 0)?.code).toBe('PAPER_JAM');
  });

  it('tells the clerk that the pages scanned before a jam are kept', () => {
    const err = wiaStopToError(WIA_HRESULT.PAPER_JAM, 3);
    expect(err?.message).toContain('Cele 3 pagini scanate deja sunt păstrate.');
    expect(wiaStopToError(WIA_HRESULT.COVER_OPEN, 1)?.message).toContain('Pagina scanată deja este păstrată.');
    expect(wiaStopToError(WIA_HRESULT.MULTI_FEED, 21)?.message).toContain('Cele 21 de pagini');
    expect(wiaStopToError(WIA_HRESULT.BUSY, 0)?.message).not.toContain('păstrat');
  });

  it('names an unknown code in the message and the details', () => {
    const err = wiaStopToError(0x8021ffff, 2, { message: 'odd' });
    expect(err?.code).toBe('SCAN_FAILED');
    expect(err?.message).toContain('0x8021FFFF');
    expect(err?.details).toEqual({ hresult: '0x8021FFFF', pages: 2, message: 'odd' });
  });

  it('maps the final event of each captured output', () => {
    const last = (file: string) => {
      const e = parseWiaOutput(wiaCapture(file)).filter((x) => x.kind === 'error').at(-1);
      return e?.kind === 'error' ? wiaStopToError(e.hresult, e.pages)?.code : undefined;
    };
    expect(last('wia-feeder-empty.txt')).toBe('FEEDER_EMPTY');
    expect(last('wia-jam-after-3.txt')).toBe('PAPER_JAM');
    expect(last('wia-busy.txt')).toBe('DEVICE_BUSY');
    expect(last('wia-cover-open.txt')).toBe('COVER_OPEN');
    expect(last('wia-double-feed.txt')).toBe('DOUBLE_FEED');
    expect(last('wia-offline.txt')).toBe('DEVICE_OFFLINE');
  });
});
