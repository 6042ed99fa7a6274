/**
 * The order vitest starts test files in: the heaviest first. Vitest orders by the durations it
 * recorded on earlier runs, and without them (a fresh clone: CI) by file size, which started the
 * longest file (separation-batches, a short file) halfway through the run, and two workers waited
 * on it at the end. The files known to take longest go first, in this order; the rest as vitest
 * orders them.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first (a quiet machine's full run: 81, 70, 35, 30, 23, 22, 21, 21, 18, 18 s). */
const HEAVIEST = [
  'test/fixtures/separation-batches.test.ts',
  'test/station/pipeline/colour-storage.test.ts',
  'test/server/web/login-page.test.ts',
  'test/server/web/admin-pages.test.ts',
  'test/station/pdf-input/scanner-pdf-fidelity.test.ts',
  'test/station/web/scan-page.test.ts',
  'test/station/cli/scan-command.test.ts',
  'test/station/cli/split-command.test.ts',
  'test/e2e/outbox-delivery.test.ts',
  'test/station/cli/interrupt.test.ts',
  'test/station/pipeline/image-inputs-fidelity.test.ts',
];

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const at = HEAVIEST.indexOf(path.relative(f.project.config.root, f.moduleId).split(path.sep).join('/'));
      return at < 0 ? HEAVIEST.length : at;
    };
    return sorted.map((f, i) => ({ f, i, r: rank(f) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.f);
  }
}
