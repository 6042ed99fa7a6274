import { describe, expect, it } from 'vitest';
import { StabilityTracker } from '../../../../station/src/drivers/folder/stability-tracker.ts';

describe('StabilityTracker', () => {
  it('calls a file stable only after size and mtime stayed put for the quiet period', () => {
    const t = new StabilityTracker(1500);
    expect(t.observe('/w/a.pdf', { size: 10, mtimeMs: 1 }, 0)).toBe(true);
    expect(t.stable(1499)).toEqual([]);
    expect(t.observe('/w/a.pdf', { size: 10, mtimeMs: 1 }, 1000)).toBe(false);
    expect(t.stable(1500)).toEqual(['/w/a.pdf']);
  });

  it('restarts the quiet period on any change of size or mtime', () => {
    const t = new StabilityTracker(1000);
    t.observe('/w/a.pdf', { size: 10, mtimeMs: 1 }, 0);
    t.observe('/w/a.pdf', { size: 20, mtimeMs: 1 }, 900);
    expect(t.stable(1500)).toEqual([]);
    t.observe('/w/a.pdf', { size: 20, mtimeMs: 2 }, 1500);
    expect(t.stable(2400)).toEqual([]);
    expect(t.stable(2500)).toEqual(['/w/a.pdf']);
  });

  it('tells how long until the next file waiting for its quiet period becomes quiet', () => {
    const t = new StabilityTracker(1000);
    expect(t.nextQuietIn(0)).toBeUndefined();
    t.observe('/w/a.jpg', { size: 10, mtimeMs: 1 }, 0);
    t.observe('/w/b.jpg', { size: 10, mtimeMs: 1 }, 300);
    t.observe('/w/empty.jpg', { size: 0, mtimeMs: 1 }, 0);
    expect(t.nextQuietIn(100)).toBe(900);
    expect(t.nextQuietIn(100, 200)).toBe(100); // b.jpg, at a shorter quiet period
    expect(t.nextQuietIn(1000)).toBe(300); // a.jpg is quiet already
    expect(t.nextQuietIn(1300)).toBeUndefined();
  });

  it('never calls a zero-byte file stable', () => {
    const t = new StabilityTracker(100);
    t.observe('/w/empty.pdf', { size: 0, mtimeMs: 1 }, 0);
    expect(t.stable(1_000_000)).toEqual([]);
  });

  it('forgets removed files', () => {
    const t = new StabilityTracker(0);
    t.observe('/w/a.pdf', { size: 1, mtimeMs: 1 }, 0);
    t.forget('/w/a.pdf');
    expect(t.has('/w/a.pdf')).toBe(false);
    expect(t.stable(10)).toEqual([]);
  });
});
