/**
 * DocumentSink's record of the batch's separators (summary `separators`): the format is the
 * separator's own symbol's, even when another symbol on the sheet was read first.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { AnalyzedPage } from '../../../station/src/pipeline/page-types.ts';
import { DocumentSink } from '../../../station/src/split/document-sink.ts';
import { OutputStaging } from '../../../station/src/split/output-staging.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

describe('DocumentSink separators', () => {
  it("records the separator's format, not that of the first barcode read on its sheet", async () => {
    const { dir, cleanup } = await makeTempDir('sink-');
    try {
      const staging = await OutputStaging.prepare(path.join(dir, 'out'), 'LOT');
      const sink = new DocumentSink(staging);
      const box = { x: 0, y: 0, width: 10, height: 10 };
      const page = {
        seq: 0,
        label: 'p1.jpg',
        blank: { inkRatio: 0.001, isBlank: false },
        barcode: { state: 'found', barcodes: [{ text: 'https://example.ro/x', format: 'QRCode', box }, { text: ' 12/01.02.2021', format: 'Code128', box }] },
        separator: { kind: 'registration', id: '12/01.02.2021' },
      } as unknown as AnalyzedPage;
      const doc = { ordinal: 0, id: '12/01.02.2021', kind: 'registration' as const, separatorSeq: 0, startedBy: 'sheet' as const };
      await sink.handle({ type: 'drop', fate: 'separator', doc, page });
      expect(sink.separators).toEqual([{ seq: 0, page: 'p1.jpg', value: '12/01.02.2021', format: 'Code128' }]);
      await staging.abort();
    } finally {
      await cleanup();
    }
  });
});
