import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLinesProgress, terminalProgress } from '../../../station/src/progress/progress-reporter.ts';

function sink() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return { out, text: () => text };
}
const page = (seq: number, document: string | null, fate = 'document') => ({ event: 'page' as const, seq, page: `p${seq}.jpg`, fate, document, lag: 0 });

describe('terminalProgress', () => {
  it('keeps one live line: pages, documents, pages per minute once measurable, current document', () => {
    const s = sink();
    let t = 0;
    const p = terminalProgress(s.out, () => t);
    p.emit({ event: 'batch-start', batchId: 'LOT-1', resumed: false, replayedFiles: 0 });
    p.emit(page(0, null, 'unassigned'));
    expect(s.text()).toContain('Lot nou: LOT-1\n');
    expect(s.text()).toContain('Pagini: 1 | Documente: 0 | — pag/min | Document curent: nerepartizate');
    t = 30_000;
    p.emit(page(1, '84512/27.09.2021'));
    p.emit({ event: 'document', id: '84512/27.09.2021', pages: 1, file: '84512_27.09.2021.pdf' });
    const last = s.text().split('\r').at(-1)!;
    expect(last).toBe('\x1b[2KPagini: 2 | Documente: 1 | 4 pag/min | Document curent: 84512/27.09.2021');
    p.flush();
    expect(s.text().endsWith('\n')).toBe(true);
  });

  it('a pause ends the live line and prints the way on; a resumed batch says how many pages it replays', () => {
    const s = sink();
    const p = terminalProgress(s.out, () => 0);
    p.emit({ event: 'batch-start', batchId: 'LOT-2', resumed: true, replayedFiles: 5 });
    p.emit(page(0, null, 'unassigned'));
    p.emit({ event: 'paused', batchId: 'LOT-2', code: 'PAPER_JAM', message: 'Hârtia s-a blocat.\nContinuați cu: station scan --resume LOT-2', pagesSoFar: 5 });
    expect(s.text()).toContain('Se reia lotul LOT-2 (5 pagini deja scanate).\n');
    expect(s.text()).toContain('nerepartizate\nHârtia s-a blocat.\nContinuați cu: station scan --resume LOT-2\n');
  });

  it('tells the clerk when the watched folder is ready for the scanner', () => {
    const s = sink();
    const p = terminalProgress(s.out, () => 0);
    p.emit({ event: 'batch-start', batchId: 'LOT-3', resumed: false, replayedFiles: 0 });
    p.emit({ event: 'watching', folder: '/srv/scan/ghiseu1' });
    expect(s.text()).toBe('Lot nou: LOT-3\nDosarul urmărit „/srv/scan/ghiseu1” este pregătit: puteți scana.\n');
  });
});

describe('jsonLinesProgress', () => {
  it('writes each event as one JSON line with its time', () => {
    const s = sink();
    const p = jsonLinesProgress(s.out);
    p.emit(page(3, '1/01.01.2021'));
    p.emit({ event: 'batch-end', batchId: 'L', pagesIn: 4, documents: 1, separatorPages: 1, blankPages: 0, unassignedPages: 0, outDir: '/o' });
    const lines = s.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { event: 'page', seq: 3, page: 'p3.jpg', fate: 'document', document: '1/01.01.2021', lag: 0, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      expect.objectContaining({ event: 'batch-end', pagesIn: 4 }),
    ]);
  });
});
