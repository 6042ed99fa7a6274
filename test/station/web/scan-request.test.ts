/** The scan form's storage choice as the page sends it: a known mode, or nothing (the station's own). */
import { describe, expect, it } from 'vitest';
import { parseScanStart } from '../../../station/src/web/scan-request.ts';

const form = { driver: 'folder', device: '/tmp/ghiseu1' };

describe('parseScanStart: storage', () => {
  it('takes a known mode; an empty or missing one leaves the station configuration to decide', () => {
    for (const storage of ['original', 'auto', 'auto-bitonal'] as const) expect(parseScanStart({ ...form, storage }).storage).toBe(storage);
    expect(parseScanStart({ ...form, storage: '' })).not.toHaveProperty('storage');
    expect(parseScanStart(form)).not.toHaveProperty('storage');
  });

  it('refuses anything else, naming the field in Romanian', () => {
    for (const storage of ['AUTO', 'gray', '../auto', 1, { mode: 'auto' }, ['auto']]) {
      expect(() => parseScanStart({ ...form, storage })).toThrow(expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { field: 'storage' },
        message: 'Păstrarea paginilor trebuie să fie una din cele trei: imaginile scanerului neatinse, automat (paginile fără culoare în tonuri de gri) sau automat cu paginile doar cu text alb-negru.',
      }));
    }
  });
});
