import { describe, expect, it } from 'vitest';
import { ignoredNameReason, isIgnoredPath, pageExtension } from '../../../../station/src/drivers/folder/ignore-rules.ts';

describe('ignore-rules', () => {
  it.each([
    ['.hidden.pdf', 'hidden'],
    ['.DS_Store', 'hidden'],
    ['~$raport.pdf', 'temporary'],
    ['scan.tmp', 'temporary'],
    ['scan0001.pdf.part', 'temporary'],
    ['scan0001.PDF.PART', 'temporary'],
    ['download.pdf.crdownload', 'temporary'],
    ['copy.pdf.filepart', 'temporary'],
    ['Thumbs.db', 'system'],
    ['desktop.ini', 'system'],
    ['@eaDir', 'system'],
  ])('ignores %s (%s)', (name, reason) => {
    expect(ignoredNameReason(name)).toBe(reason);
  });

  it('keeps ordinary page names, diacritics and tildes inside names included', () => {
    for (const name of ['scan0001.pdf', 'Cerere ședință.jpg', 'p~2.png', 'a.tmp.pdf']) expect(ignoredNameReason(name)).toBeNull();
  });

  it('ignores a path when any folder on it is hidden or temporary', () => {
    expect(isIgnoredPath('.sync/scan.pdf')).toBe(true);
    expect(isIgnoredPath('lot\\@eaDir\\scan.pdf')).toBe(true);
    expect(isIgnoredPath('lot 3/scan.pdf')).toBe(false);
  });

  it('knows the page file types', () => {
    expect(pageExtension('A.JPEG')).toBe('.jpeg');
    expect(pageExtension('b.tif')).toBe('.tif');
    expect(pageExtension('c.Pdf')).toBe('.pdf');
    expect(pageExtension('notes.txt')).toBeNull();
    expect(pageExtension('scan.bmp')).toBeNull();
  });
});
