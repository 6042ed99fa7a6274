import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScannedPage } from '../../../../station/src/drivers/driver.ts';
import { WiaRunState, type WiaExit } from '../../../../station/src/drivers/wia/wia-run-state.ts';
import { wiaCapture } from './wia-fixtures.ts';

const DEVICE = '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000';
const OK: WiaExit = { exitCode: 0, signal: null, stderrTail: '' };
const FAILED: WiaExit = { exitCode: 1, signal: null, stderrTail: '' };

/** Feeds a captured output line by line, as the exec module would, and collects the yielded pages. */
function replay(file: string): { state: WiaRunState; pages: ScannedPage[] } {
  const state = new WiaRunState(DEVICE, path.win32);
  const pages: ScannedPage[] = [];
  for (const line of wiaCapture(file).split('\n')) {
    const page = state.accept(line.replace(/\r$/, ''));
    if (page) pages.push(page);
  }
  return { state, pages };
}

describe('WiaRunState', () => {
  it('yields every page of a normal ADF batch and ends without error', () => {
    const { state, pages } = replay('wia-adf-batch.txt');
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages[5]?.file).toBe('C:\\ScanStation\\work\\lot-0042\\page-00006.png');
    expect(state.finish(OK)).toBeNull();
  });

  it('delivers the 3 pages before a jam, then PAPER_JAM', () => {
    const { state, pages } = replay('wia-jam-after-3.txt');
    expect(pages).toHaveLength(3);
    const err = state.finish(FAILED);
    expect(err?.code).toBe('PAPER_JAM');
    expect(err?.details).toMatchObject({ pages: 3, scriptPages: 3, hresult: '0x80210002', device: DEVICE });
  });

  it.each([
    ['wia-feeder-empty.txt', 0, 'FEEDER_EMPTY'],
    ['wia-busy.txt', 0, 'DEVICE_BUSY'],
    ['wia-cover-open.txt', 1, 'COVER_OPEN'],
    ['wia-double-feed.txt', 2, 'DOUBLE_FEED'],
    ['wia-offline.txt', 0, 'DEVICE_OFFLINE'],
  ])('%s: %i page(s), then %s', (file, count, code) => {
    const { state, pages } = replay(file);
    expect(pages).toHaveLength(count);
    expect(state.finish(FAILED)?.code).toBe(code);
  });

  it('keeps the good pages among garbage lines', () => {
    const { state, pages } = replay('wia-garbage.txt');
    expect(pages.map((p) => p.index)).toEqual([1, 2]);
    expect(state.finish(OK)).toBeNull();
  });

  it('keeps a path with spaces and diacritics as it is', () => {
    const { pages } = replay('wia-path-diacritics.txt');
    expect(pages[1]?.file).toBe('C:\\Users\\Registratură\\Documente\\Scanări noi\\lot 7 — ședința (urgent)\\page-00002.png');
  });

  it('treats paper empty after pages as the end of the batch', () => {
    const state = new WiaRunState(DEVICE, path.win32);
    state.accept('PAGE 1 C%3A%5Cw%5Cpage-00001.png');
    state.accept('ERROR 0x80210003 1');
    expect(state.finish(FAILED)).toBeNull();
  });

  it('ignores pages announced after the run stopped', () => {
    const state = new WiaRunState(DEVICE, path.win32);
    expect(state.accept('ERROR 0x80210002 0')).toBeNull();
    expect(state.accept('PAGE 1 C%3A%5Cw%5Cpage-00001.png')).toBeNull();
    expect(state.finish(FAILED)?.code).toBe('PAPER_JAM');
  });

  it('reports a script that died without a final line as SCAN_FAILED, with stderr for the log', () => {
    const state = new WiaRunState(DEVICE, path.win32);
    state.accept('PAGE 1 C%3A%5Cw%5Cpage-00001.png');
    state.accept('New-Object : Retrieving the COM class factory for component failed');
    const err = state.finish({ exitCode: 1, signal: null, stderrTail: 'Access is denied.' });
    expect(err?.code).toBe('SCAN_FAILED');
    expect(err?.message).toContain('Paginile scanate deja (1) sunt păstrate');
    expect(err?.details).toMatchObject({ stderrTail: 'Access is denied.', pages: 1 });
    expect(new WiaRunState(DEVICE).finish(FAILED)?.message).toContain('Windows Image Acquisition');
  });
});
