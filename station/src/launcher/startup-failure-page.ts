/**
 * When `station ui --open` (the clerk's icon, no terminal) cannot start, the clerk sees why in the
 * browser: a small self-contained Romanian page (no external file, no script) with the error and what
 * to do, written atomically into the station's data folder when it can be written to, else into the
 * computer's temporary folder, and opened as a file: URL.
 */
import os from 'node:os';
import path from 'node:path';
import { escapeHtml } from '../../../shared/src/escape-html.ts';
import { isStationError, StationError, type ErrorCode } from '../../../shared/src/errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

export const FAILURE_PAGE_NAME = 'statia-nu-a-pornit.html';


/** The error as the clerk is told it: the station's own, a disk's said as such, anything else as an internal error. */
export function asStationError(err: unknown): StationError {
  const fromFs = stationErrorFromFs(err);
  return isStationError(fromFs) ? fromFs : new StationError('INTERNAL', 'Eroare neașteptată. Detaliile sunt în jurnalul stației.', {}, { cause: err });
}

const DISK: ReadonlySet<ErrorCode> = new Set(['FILE_ACCESS_DENIED', 'READ_ONLY_FS', 'DISK_FULL', 'DISK_IO_ERROR']);

/** What the clerk can do, by the error's code (the message itself already says what is wrong). */
export function whatToDo(code: ErrorCode): string[] {
  const restart = 'Apoi porniți din nou stația cu pictograma «Stația de scanare».';
  if (code === 'PORT_IN_USE') return ['Închideți programul care folosește portul sau cereți administratorului să aleagă alt port pentru stație (ui.port în configurare).', restart];
  if (code === 'CONFIG_INVALID' || code === 'USAGE') return ['Cereți administratorului calculatorului să corecteze configurarea stației; arătați-i această pagină.', restart];
  if (DISK.has(code)) return ['Cereți administratorului calculatorului să verifice dosarul de date al stației și discul; arătați-i această pagină.', restart];
  if (code === 'CPU_UNSUPPORTED') return ['Stația nu poate rula pe acest calculator. Arătați această pagină administratorului.'];
  return ['Încercați să porniți din nou stația cu pictograma «Stația de scanare».', 'Dacă pagina aceasta apare din nou, arătați-o administratorului calculatorului.'];
}

export interface FailurePageFacts {
  error: StationError;
  /** When it happened, as the clerk reads it (local time). */
  at: Date;
  /** The configuration file the station was started with, when known. */
  configFile?: string;
}

function localTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()}, ora ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The page's HTML (pure): every text from the error is escaped. */
export function startupFailurePage(f: FailurePageFacts): string {
  const steps = whatToDo(f.error.code).map((s) => `<li>${escapeHtml(s)}</li>`).join('\n      ');
  const config = f.configFile ? `\n    <p class="facts">Fișierul de configurare: <span class="path">${escapeHtml(f.configFile)}</span></p>` : '';
  return `<!doctype html>
<html lang="ro">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Stația de scanare nu a pornit</title>
<style>
  body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; margin: 0; background: #f3f2f1; color: #0b0c0c; }
  main { max-width: 46rem; margin: 3rem auto; background: #fff; padding: 2rem 2.5rem; border-top: 0.5rem solid #d4351c; }
  h1 { font-size: 1.8rem; margin: 0 0 1.5rem; }
  .error { border-left: 0.4rem solid #d4351c; padding: 0.5rem 1rem; font-size: 1.15rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  h2 { font-size: 1.3rem; margin-top: 2rem; }
  li { margin-bottom: 0.5rem; font-size: 1.1rem; }
  .facts { color: #505a5f; font-size: 0.95rem; overflow-wrap: anywhere; }
  .path { font-family: Consolas, "DejaVu Sans Mono", monospace; }
</style>
</head>
<body>
<main>
  <h1>Stația de scanare nu a pornit</h1>
  <section aria-labelledby="ce-s-a-intamplat">
    <h2 id="ce-s-a-intamplat">Ce s-a întâmplat</h2>
    <p class="error" role="alert">${escapeHtml(f.error.message)}</p>
  </section>
  <section aria-labelledby="ce-puteti-face">
    <h2 id="ce-puteti-face">Ce puteți face</h2>
    <ol>
      ${steps}
    </ol>
  </section>
  <footer>
    <p class="facts">Cod eroare: ${escapeHtml(f.error.code)} · ${escapeHtml(localTime(f.at))}</p>${config}
  </footer>
</main>
</body>
</html>
`;
}

/** A name of this user's own in the shared temporary folder (Linux' /tmp is every user's). */
function tempName(): string {
  const uid = process.getuid?.();
  return uid === undefined ? FAILURE_PAGE_NAME : FAILURE_PAGE_NAME.replace(/\.html$/, `-${uid}.html`);
}

/**
 * Writes the page, atomically, into `dataDir` (made if missing) when that works, else into `tmpDir`;
 * returns the file written. Throws only when neither could be written.
 */
export async function writeStartupFailurePage(html: string, o: { dataDir?: string; tmpDir?: string } = {}): Promise<string> {
  if (o.dataDir) {
    const file = path.join(o.dataDir, FAILURE_PAGE_NAME);
    try {
      await makeDir(o.dataDir);
      await writeFileAtomic(file, html);
      return file;
    } catch {
      // a data folder that cannot be written (often the very failure the page tells of): the temporary folder
    }
  }
  const file = path.join(o.tmpDir ?? os.tmpdir(), tempName());
  await writeFileAtomic(file, html);
  return file;
}
