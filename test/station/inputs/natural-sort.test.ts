import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../../../station/src/inputs/natural-sort.ts';

describe('naturalCompare', () => {
  it('puts p2 before p10 and keeps scanner numbering in order', () => {
    const names = ['p10.jpg', 'p2.jpg', 'p1.jpg', 'p100.jpg', 'p11.jpg', 'p9.jpg'];
    expect([...names].sort(naturalCompare)).toEqual(['p1.jpg', 'p2.jpg', 'p9.jpg', 'p10.jpg', 'p11.jpg', 'p100.jpg']);
  });

  it('handles zero padding, several number groups and scanner-style names', () => {
    const names = ['scan_0010.tif', 'scan_0002.tif', 'scan_1.tif', 'lot2-p10.jpg', 'lot2-p9.jpg', 'lot10-p1.jpg', 'lot2-p1.jpg'];
    expect([...names].sort(naturalCompare)).toEqual(['lot2-p1.jpg', 'lot2-p9.jpg', 'lot2-p10.jpg', 'lot10-p1.jpg', 'scan_1.tif', 'scan_0002.tif', 'scan_0010.tif']);
  });

  it('ignores case for ordering but is a total, deterministic order', () => {
    expect(naturalCompare('a2', 'A10')).toBeLessThan(0);
    expect(Math.sign(naturalCompare('P1.jpg', 'p1.jpg'))).toBe(-Math.sign(naturalCompare('p1.jpg', 'P1.jpg')));
    expect(naturalCompare('P1.jpg', 'p1.jpg')).not.toBe(0);
    expect(naturalCompare('x', 'x')).toBe(0);
    const shuffled = ['b', 'B', 'a10', 'A2', 'a2', 'a1'];
    const once = [...shuffled].sort(naturalCompare);
    expect([...shuffled].reverse().sort(naturalCompare)).toEqual(once);
  });

  it('sorts Romanian names with diacritics next to their base letters', () => {
    expect(['șase.jpg', 'sapte.jpg', 'trei.jpg'].sort(naturalCompare)).toEqual(['sapte.jpg', 'șase.jpg', 'trei.jpg']);
  });
});
