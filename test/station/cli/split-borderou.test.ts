/**
 * `station split --borderou`: the batch checked against the day's borderou, in summary.json and
 * as a Romanian table; generic separators assigned to borderou entries in order, loudly when the
 * counts differ; a bad borderou stops before anything is written.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { handoverCommand } from '../../../station/src/cli/handover-command.ts';
import { readdir } from 'node:fs/promises';

const SAMPLES = path.join(REPO_ROOT, 'fixtures', 'samples');
let root: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('split-borderou-')));
afterAll(() => cleanup());

async function split(sample: string, csv: Buffer, extra: string[] = []) {
  const dir = path.join(root, `case${++n}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'borderou.csv'), csv);
  const out = path.join(dir, 'out');
  const res = await runSplit([path.join(SAMPLES, sample), '--out', out, '--borderou', 'borderou.csv', ...extra], { cwd: dir, dataDir: path.join(dir, 'data') });
  return { ...res, out };
}
const summaryOf = async (out: string) => JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as SplitSummary;

describe('station split --borderou', () => {
  it('reconciles a batch against a Windows-1250 borderou: missing, extra, sheet mismatch, per department, diacritics intact', async () => {
    // Windows-1250 has only the cedilla letters (ş ţ); they come out as the correct comma letters (ș ț)
    const csv = iconv.encode([
      'numar_inregistrare;structura;nr_file;observatii',
      '84512/27.09.2021;Direcţia Urbanism;2;',
      '84513/27.09.2021;Serviciul Stare Civilă;3;aşteaptă semnătura',
      '84514/27.09.2021;Direcţia Urbanism;1;',
      '84599/27.09.2021;Direcţia Impozite şi Taxe Locale;1;',
    ].join('\r\n'), 'win1250');
    const r = await split('simplex-symbologies', csv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rec = (await summaryOf(r.out)).reconciliation!;
    expect(rec.expected).toBe(4);
    expect(rec.scanned).toBe(4);
    expect(rec.missing).toEqual([{ registrationNumber: '84599/27.09.2021', department: 'Direcția Impozite și Taxe Locale', expectedSheets: 1 }]);
    expect(rec.unexpected.map((d) => d.id)).toEqual(['84515/27.09.2021']);
    expect(rec.sheetMismatch).toEqual([expect.objectContaining({ registrationNumber: '84513/27.09.2021', expectedSheets: 3, scannedSheets: 1 })]);
    expect(rec.duplicates).toEqual([]);
    expect(rec.empty).toEqual([]);
    // the clerk's table, in Romanian
    for (const words of ['Lipsă', 'În plus', 'Nepotriviri de file', 'Serviciul Stare Civilă', 'Direcția Impozite și Taxe Locale', '84599/27.09.2021']) {
      expect(r.stdout).toContain(words);
    }
  });

  it('generic separators with a borderou: documents take the entries in order; too few says so loudly', async () => {
    const csv = Buffer.from('\ufeffnumar_inregistrare,structura\n100/28.09.2021,Cabinet Primar\n101/28.09.2021,Direcția Juridică\n102/28.09.2021,Poliția Locală\n103/28.09.2021,Poliția Locală\n', 'utf8');
    const r = await split('generic-patcht', csv, ['--separator', 'PATCHT']);
    expect(r.code).toBe(0);
    const s = await summaryOf(r.out);
    expect(s.documents.map((d) => d.assignedId)).toEqual(['100/28.09.2021', '101/28.09.2021', '102/28.09.2021']);
    expect(s.reconciliation!.missing.map((m) => m.registrationNumber)).toEqual(['103/28.09.2021']);
    expect(s.reconciliation!.warnings.join(' ')).toMatch(/3 documente.*4/);
    expect(r.stdout).toMatch(/3 documente.*4/);
  });

  it('generic separators, too many documents: the extra ones stay unexpected, with a warning', async () => {
    const csv = Buffer.from('numar_inregistrare;structura\n100/28.09.2021;Cabinet Primar\n101/28.09.2021;Direcția Juridică\n', 'utf8');
    const r = await split('generic-patcht', csv, ['--separator', 'PATCHT']);
    expect(r.code).toBe(0);
    const s = await summaryOf(r.out);
    expect(s.documents.map((d) => d.assignedId ?? null)).toEqual(['100/28.09.2021', '101/28.09.2021', null]);
    expect(s.reconciliation!.unexpected).toHaveLength(1);
    expect(s.reconciliation!.warnings.length).toBeGreaterThan(0);
  });

  it('a bad borderou (no header, a broken row, hostile values) stops with its line numbers and writes nothing', async () => {
    for (const bad of [
      'nimic;aici\n1;2\n',
      'numar_inregistrare;structura\n84512/27.09.2021;Urbanism\nnu-e-numar;Urbanism\n',
      'numar_inregistrare;structura\n84512/27.09.2021;\u0007=cmd|calc\n',
    ]) {
      const r = await split('simplex-symbologies', Buffer.from(bad, 'utf8'));
      expect(r.code, bad).toBe(1);
      expect(r.stderr).toMatch(/borderou|linia|rândul/i);
      expect(await listTree(r.out)).toBeNull();
    }
  });

  it('handover --batch takes the batch id from the journal: one list per department; unknown or unfinished batches are refused', async () => {
    const csv = Buffer.from('numar_inregistrare;structura\n84512/27.09.2021;Cabinet Primar\n84513/27.09.2021;Direcția Juridică\n84514/27.09.2021;Direcția Juridică\n84515/27.09.2021;Cabinet Primar\n', 'utf8');
    const r = await split('simplex-symbologies', csv);
    expect(r.code).toBe(0);
    const { batchId } = await summaryOf(r.out);
    const dir = path.dirname(r.out);
    const env = { STATION_DATA_DIR: path.join(dir, 'data') };
    const io = captureIo({ cwd: dir, env });
    expect(await handoverCommand(['--batch', batchId, '--out', 'predare'], io)).toBe(0);
    expect(io.err()).toBe('');
    expect((await readdir(path.join(dir, 'predare'))).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
    const unknown = captureIo({ cwd: dir, env });
    expect(await handoverCommand(['--batch', '20260101-000000-ffff', '--out', 'x'], unknown)).toBe(1);
    expect(unknown.err()).toContain('nu există în jurnalul stației');
    expect(await listTree(path.join(dir, 'x'))).toBeNull();
  });
});
