import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileNameAllocator, safeStem } from '../../../station/src/split/file-names.ts';

/** What any produced name must satisfy on Linux and on Windows. */
function expectPortable(name: string): void {
  expect(name.length).toBeGreaterThan(0);
  expect(name.length).toBeLessThanOrEqual(100);
  expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/); // no separators, no control or reserved characters, no leading dot or dash
  expect(name).not.toMatch(/[. ]$/); // Windows drops trailing dots and spaces
  expect(name).not.toContain('..');
  expect(name.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
  expect(path.basename(name)).toBe(name);
}

describe('safeStem', () => {
  it('turns a registration number into a readable name', () => {
    expect(safeStem('84512/27.09.2021')).toBe('84512_27.09.2021');
    expect(safeStem('12\\01.02.2023')).toBe('12_01.02.2023');
  });

  it.each([
    ['../../x', 'x'],
    ['..', 'document'],
    ['.', 'document'],
    ['/', 'document'],
    ['', 'document'],
    ['..\\..\\Windows\\System32', 'Windows_System32'],
    ['/etc/passwd', 'etc_passwd'],
    ['C:\\x', 'C_x'],
    ['-rf', 'rf'],
    ['a:b*c?d"e<f>g|h', 'a_b_c_d_e_f_g_h'],
    ['x. ', 'x'],
    ['name...pdf', 'name.pdf'],
  ])('%j → %j', (id, stem) => {
    expect(safeStem(id)).toBe(stem);
    expectPortable(`${safeStem(id)}.pdf`);
  });

  it.each(['CON', 'con', 'con.txt', 'PRN', 'AUX', 'NUL', 'nul.tar.gz', 'COM1', 'LPT1', 'lpt9', 'COM¹', 'LPT²'])('Windows device name %j is made harmless', (id) => {
    const stem = safeStem(id);
    expect(stem.startsWith('_')).toBe(true);
    expectPortable(`${stem}.pdf`);
  });

  it('names that only start like a device are left alone', () => {
    expect(safeStem('CONTRACT')).toBe('CONTRACT');
    expect(safeStem('COM10')).toBe('COM10');
    expect(safeStem('console.log')).toBe('console.log');
  });

  it('drops control characters and line breaks', () => {
    for (const id of ['a\u0000b', 'a\nb\r\n', '\u0007\u001b[31mred', 'x\u007fy\u0085z', 'a\u2028b']) {
      const stem = safeStem(id);
      expect(stem).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expectPortable(`${stem}.pdf`);
    }
  });

  it('bounds the length of a 10 kB value and keeps different long values apart', () => {
    const a = '7'.repeat(10_000);
    const b = `${'7'.repeat(9_999)}8`;
    expect(safeStem(a).length).toBeLessThanOrEqual(80);
    expectPortable(`${safeStem(a)}.pdf`);
    expect(safeStem(a)).not.toBe(safeStem(b));
    expect(safeStem(a)).toBe(safeStem(a)); // deterministic
    expectPortable(`${safeStem('../'.repeat(3000))}.pdf`);
    expectPortable(`${safeStem('ș'.repeat(5000))}.pdf`);
  });

  it('keeps the letters of Romanian diacritics and drops what cannot be spelled in ASCII', () => {
    expect(safeStem('Școala Tănase Ștefănescu')).toBe('Scoala_Tanase_Stefanescu');
    expect(safeStem('ţară ÎÂ')).toBe('tara_IA');
    for (const id of ['日本語', '😀/01.01.2021', 'Ω≈ç√']) expectPortable(`${safeStem(id)}.pdf`);
  });

  it('real files with these names stay inside the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'names-'));
    try {
      const alloc = new FileNameAllocator();
      const hostile = ['../../x', '..', '/tmp/evil', 'a/../../b', '\u0000', 'CON', 'x'.repeat(10_000), 'ă/ș'];
      const names = hostile.map((id) => alloc.allocate(id));
      for (const n of names) await writeFile(path.join(dir, n), 'x');
      expect((await readdir(dir)).sort()).toEqual([...names].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('FileNameAllocator', () => {
  it('gives the same id twice two different names, never overwriting', () => {
    const a = new FileNameAllocator();
    expect(a.allocate('84512/27.09.2021')).toBe('84512_27.09.2021.pdf');
    expect(a.allocate('84512/27.09.2021')).toBe('84512_27.09.2021-2.pdf');
    expect(a.allocate('84512/27.09.2021')).toBe('84512_27.09.2021-3.pdf');
  });

  it('treats names that differ only in case (or only in unsafe characters) as collisions', () => {
    const a = new FileNameAllocator();
    const names = ['ABC', 'abc', 'Abc', 'a/b', 'a\\b', 'a:b', 'ă/b'].map((id) => a.allocate(id));
    expect(names).toEqual(['ABC.pdf', 'abc-2.pdf', 'Abc-3.pdf', 'a_b.pdf', 'a_b-2.pdf', 'a_b-3.pdf', 'a_b-4.pdf']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('a suffix never collides with an id that already looks suffixed', () => {
    const a = new FileNameAllocator();
    const names = ['x-2', 'x', 'x', 'X-3'].map((id) => a.allocate(id));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
  });

  it('never hands out the reserved summary.json / unassigned.pdf', () => {
    const a = new FileNameAllocator(['summary.json', 'unassigned.pdf']);
    const names = ['unassigned', 'UNASSIGNED', 'summary.json', 'summary', 'unassigned.pdf'].map((id) => a.allocate(id));
    for (const n of names) {
      expect(n.toLowerCase()).not.toBe('unassigned.pdf');
      expect(n.toLowerCase()).not.toBe('summary.json');
    }
    expect(names[0]).toBe('unassigned-2.pdf');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('long ids that share a prefix still get distinct, bounded names', () => {
    const a = new FileNameAllocator();
    const names = Array.from({ length: 20 }, (_, i) => a.allocate(`${'A'.repeat(500)}${i}`));
    expect(new Set(names).size).toBe(20);
    for (const n of names) expectPortable(n);
  });
});
