/**
 * Printing from the browser, over real HTTP: the separator sheets of a borderou the clerk picked
 * (one page per row; a bad row refused naming its line, nothing made), and a batch's handover
 * lists, written into a new folder each time and served only by their own names.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { pdfinfo } from '../../support/pdf-tools.ts';
import { rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
let ui: RunningUi;
let root: string;
let cleanup: () => Promise<void>;
let csv: string;
let dataDir: string;
const mounts: string[] = [];

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-print-'));
  const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  csv = ['numar_inregistrare;structura', ...truth.documents.map((d, i) => `${d.id};${i % 2 ? 'Urbanism' : 'Direcția Juridică'}`), ''].join('\n');
  const borderou = path.join(root, 'borderou.csv');
  await writeFile(borderou, csv);
  dataDir = path.join(root, 'data');
  const r = await runSplit([...truth.images.map((i) => path.join(SAMPLE, i.file)), '--out', path.join(root, 'out'), '--batch-id', 'lot-tiparit', '--borderou', borderou], { cwd: root, dataDir });
  expect(r.code).toBe(0);
  ui = await startUi(dataDir);
});
afterAll(async () => {
  await ui?.close();
  for (const m of mounts.reverse()) execFileSync('umount', [m], { stdio: 'ignore' });
  await cleanup();
});

const post = (url: string, body: unknown) =>
  rawRequest(ui.port, 'POST', url, { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' }, JSON.stringify(body));

describe('printing from the station web app', () => {
  it('separator sheets: one page per borderou row; a bad row is refused naming its line', async () => {
    const ok = await post('/api/separators', { borderouCsv: Buffer.from(csv).toString('base64') });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    const file = path.join(root, 'sep.pdf');
    await writeFile(file, ok.bytes);
    expect(Number((await pdfinfo(file)).Pages)).toBe(4);
    const bad = await post('/api/separators', { borderouCsv: Buffer.from('numar_inregistrare;structura\n84512/27.09.2021;Urbanism\nnu-e-numar;Urbanism\n').toString('base64') });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/rândul 3|linia 3/);
  });

  it('handover lists: one PDF per department, in a new folder each time, served by name only', async () => {
    const first = await post('/api/batches/lot-tiparit/handover', {});
    expect(first.status).toBe(200);
    const r = JSON.parse(first.body) as { set: string; files: { name: string; department: string }[] };
    expect(r.files.map((f) => f.department).sort()).toEqual(['Direcția Juridică', 'Urbanism']);
    const get = (url: string) => rawRequest(ui.port, 'GET', url, { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret });
    const pdf = await get(`/api/batches/lot-tiparit/handover/${r.set}/${r.files[0]!.name}`);
    expect(pdf.status).toBe(200);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    for (const evil of [`/api/batches/lot-tiparit/handover/${r.set}/..%2F..%2F..%2Fstation.db`, `/api/batches/lot-tiparit/handover/..%2F..%2Fpages/x.pdf`]) {
      expect((await get(evil)).status).toBe(404);
    }
    const second = JSON.parse((await post('/api/batches/lot-tiparit/handover', {})).body) as { set: string };
    expect(second.set).not.toBe(r.set);
  });

  it('a set\'s folder is named by the station\'s local date and time to the second; a second set in the same second gets «_02»; each whole, nothing hidden left', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Bucharest';
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-14T06:05:09.250Z') }); // 14.07.2026, 09:05:09 in Bucharest (summer time)
    try {
      const made = [];
      for (let i = 0; i < 3; i++) {
        const res = await post('/api/batches/lot-tiparit/handover', {});
        expect(res.status).toBe(200);
        made.push(JSON.parse(res.body) as { set: string; files: { name: string }[] });
      }
      expect(made.map((m) => m.set)).toEqual(['2026-07-14_09.05.09', '2026-07-14_09.05.09_02', '2026-07-14_09.05.09_03']); // the old code: 20260714T060509-250 each time, refused
      const predare = path.join(dataDir, 'batches', 'lot-tiparit', 'predare');
      const entries = await readdir(predare);
      expect(entries.filter((e) => e.startsWith('.'))).toEqual([]); // no hidden set left behind
      for (const m of made) {
        expect((await readdir(path.join(predare, m.set))).sort()).toEqual(m.files.map((f) => f.name).sort());
        const pdf = await rawRequest(ui.port, 'GET', `/api/batches/lot-tiparit/handover/${m.set}/${m.files[0]!.name}`, { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret });
        expect(pdf.status).toBe(200);
      }
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('a handover list made after midnight in Romania but before it in UTC is dated the station\'s day, as `station handover` dates it', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Bucharest'; // the office's clock; Node reads TZ anew when it is set
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T23:30:00Z') }); // 02.12.2026, 01:30 in Bucharest
    try {
      const r = JSON.parse((await post('/api/batches/lot-tiparit/handover', {})).body) as { set: string; files: { name: string }[] };
      const file = path.join(dataDir, 'batches', 'lot-tiparit', 'predare', r.set, r.files[0]!.name);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Data predării: 02.12.2026'); // the old code dated it by UTC: 01.12.2026
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  // a real read-only disk needs a mount (root, as in CI)
  const canMount = process.getuid?.() === 0;
  it.runIf(canMount)('handover lists on a full disk: DISK_FULL (507) in Romanian naming the list and why, never OUTPUT_FAILED (500); no empty set folder left', async () => {
    const predare = path.join(dataDir, 'batches', 'lot-tiparit', 'predare');
    await mkdir(predare, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', predare], { stdio: 'ignore' });
    try {
      const r = await post('/api/batches/lot-tiparit/handover', {});
      expect(r.status).toBe(507);
      const body = JSON.parse(r.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('DISK_FULL');
      expect(body.error.message).toMatch(/^Lista de predare „predare-\S+\.pdf” nu a putut fi scrisă în dosarul „[^”]+” \(discul este plin\)\. /);
      expect(body.error.message).toContain(`în dosarul „${predare}” (discul este plin)`); // the batch's «predare» folder, not the set's hidden one
      expect(await readdir(predare)).toEqual([]); // the set's new folder taken back with it, not left empty
    } finally {
      execFileSync('umount', [predare], { stdio: 'ignore' });
    }
  });

  it.runIf(canMount)('handover lists on a read-only disk: READ_ONLY_FS in Romanian naming the folder, never «Eroare internă»', async () => {
    const predare = path.join(dataDir, 'batches', 'lot-tiparit', 'predare');
    await mkdir(predare, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', predare], { stdio: 'ignore' });
    mounts.push(predare);
    const r = await post('/api/batches/lot-tiparit/handover', {});
    const body = JSON.parse(r.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('READ_ONLY_FS');
    expect(body.error.message).toContain(`Discul sau dosarul („${predare}”)`);
    expect(body.error.message).toContain('este doar pentru citire');
  });
});
