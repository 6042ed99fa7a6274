/**
 * Accuracy gate, the part the counts cannot see: which scanned page went where. For every batch:
 * the pages read as separators are exactly the truth's separator fronts; every document (and
 * unassigned.pdf) holds exactly its scanned pages, in order. For batches split with an explicit
 * `--separation` (labels, patch codes): each document started as the truth says (`sheet` or
 * `label`) and the summary gives exactly the truth's warnings, on the pages it names.
 */
import path from 'node:path';
import type { Truth, TruthDocument, TruthImage } from '../fixtures/lib/truth.ts';
import type { SplitSummary } from '../shared/src/split-summary.ts';
import type { KeptPage } from './page-fidelity.ts';

const where = (image: TruthImage | undefined, seq: number) => (image ? `${image.file}${image.frame ? `#${image.frame}` : ''} (seq ${seq})` : `seq ${seq}`);

/** The truth's `i`-th document `d` split as `got`: how it started, when the truth says and it differs. */
export function startProblem(d: TruthDocument, got: SplitSummary['documents'][number], i: number): string | null {
  return d.startedBy && got.startedBy !== d.startedBy ? `document ${d.id ?? d.separator} (${i + 1}): started by ${got.startedBy ?? 'nothing'}, expected ${d.startedBy}` : null;
}

/** Problems (English, for the bench's list), [] when every page went where the truth says. */
export function checkSeparation(summary: SplitSummary, truth: Truth, kept: KeptPage[]): string[] {
  const problems: string[] = [];
  const image = (seq: number) => truth.images[seq];
  const read = new Map(summary.separators.map((s) => [s.seq, s]));
  for (const img of truth.images) {
    const got = read.get(img.index - 1);
    if (img.role === 'separator' && !got) problems.push(`${where(img, img.index - 1)}: separator not read`);
    if (img.role !== 'separator' && img.role !== 'separator-back' && got) {
      problems.push(`${where(img, img.index - 1)}: a ${img.label ? 'labelled ' : ''}${img.role} page read as separator ${got.value} (${got.format})`);
    }
  }
  const pagesOf = (file: string | null | undefined) =>
    kept.filter((k) => k.file === file).sort((a, b) => a.page - b.page).map((k) => `${path.basename(k.origin.file)}#${k.origin.pageInFile}`);
  const expected = (doc: number) =>
    truth.images.filter((i) => i.mark?.doc === doc).sort((a, b) => a.mark!.page - b.mark!.page).map((i) => `${i.file}#${i.frame}`);
  truth.documents.forEach((d, i) => {
    const got = summary.documents[i];
    if (!got) return; // the document count is compareWithTruth's
    const [want, have] = [expected(d.index), pagesOf(got.file)];
    if (want.join() !== have.join()) problems.push(`document ${d.id ?? d.separator} (${i + 1}): pages ${have.join(' ') || 'none'}, expected ${want.join(' ') || 'none'}`);
    const start = startProblem(d, got, i);
    if (start) problems.push(start);
  });
  const [wantU, haveU] = [expected(0), pagesOf(summary.unassigned?.file)];
  if (wantU.join() !== haveU.join()) problems.push(`unassigned: pages ${haveU.join(' ') || 'none'}, expected ${wantU.join(' ') || 'none'}`);
  if (truth.options.separation && summary.options.separation !== truth.options.separation) {
    problems.push(`split with separation ${summary.options.separation}, expected ${truth.options.separation}`);
  }
  if (truth.expects.warnings) {
    const want = truth.expects.warnings.map((w) => `${w.code} at ${where(image(w.index - 1), w.index - 1)}`);
    const have = summary.warnings.map((w) => `${w.code} at ${w.seq === undefined ? 'no page' : where(image(w.seq), w.seq)}`);
    for (const w of have) if (!want.includes(w)) problems.push(`unexpected warning ${w}`);
    for (const w of want) if (!have.includes(w)) problems.push(`missing warning ${w}`);
  }
  return problems;
}
