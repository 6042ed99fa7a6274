/**
 * Expands the command line's inputs (files and folders, mixed) into the ordered list of files
 * to read, and checks up front that each one exists, is a regular file and is not empty.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { naturalCompare } from './natural-sort.ts';

/** Files a scanner or a user leaves in a folder that are not pages. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    /\.(tmp|part|crdownload|partial|json|txt|csv|log)$/i.test(name) ||
    lower === 'thumbs.db' ||
    lower === 'desktop.ini'
  );
}

/** Not pages, but not hidden or temporary either: the clerk is told they were left out. */
const NOT_PAGES = /\.(json|txt|csv|log)$/i;

/** What the clerk does about a file left out (said after what happened, in the summary's warning). */
export const SKIPPED_FILE_ADVICE = 'Dacă trebuia să fie o pagină a lotului, salvați-o ca imagine (JPEG, PNG, TIFF) sau PDF și prelucrați-o într-un lot separat; altfel nu este nimic de făcut.';

export interface SkippedInput {
  /** Path of the skipped entry. */
  file: string;
  /** Romanian, names the file and the folder. */
  message: string;
}

export async function expandInputs(inputs: readonly string[], cwd = process.cwd()): Promise<string[]> {
  return (await expandInputsReporting(inputs, cwd)).files;
}

/**
 * expandInputs, plus what was left out of the folders and why (a text or CSV file, a sub-folder):
 * hidden and temporary files are left out silently, anything else is said.
 */
export async function expandInputsReporting(inputs: readonly string[], cwd = process.cwd()): Promise<{ files: string[]; skipped: SkippedInput[] }> {
  const skipped: SkippedInput[] = [];
  if (inputs.length === 0) throw new StationError('USAGE', 'Nu ați indicat niciun fișier sau dosar de intrare.');
  const files: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new StationError('INPUT_NOT_FOUND', `Intrarea „${input}” nu există.`, { file: abs });
    if (st.isDirectory()) {
      const all = await readdir(abs, { withFileTypes: true });
      const entries = all.filter((d) => !isIgnoredName(d.name));
      for (const d of all) {
        if (!d.isDirectory() && NOT_PAGES.test(d.name) && !d.name.startsWith('.') && !d.name.startsWith('~$')) {
          skipped.push({ file: path.join(abs, d.name), message: `Fișierul „${d.name}” din dosarul „${input}” nu este o imagine sau un PDF și nu a fost citit. ${SKIPPED_FILE_ADVICE}` });
        }
      }
      const names: string[] = [];
      for (const d of entries) {
        if (d.isDirectory()) skipped.push({ file: path.join(abs, d.name), message: `Subdosarul „${d.name}” din dosarul „${input}” nu a fost citit (se citesc doar fișierele din dosar; dați-l separat dacă îl vreți în lot).` });
        if (d.isFile()) names.push(d.name);
        else if (d.isSymbolicLink()) {
          // a shortcut to a page is followed; one that leads nowhere is an error, not a silent gap
          const target = await stat(path.join(abs, d.name)).catch(() => null);
          if (!target) throw new StationError('INPUT_NOT_FOUND', `Legătura „${d.name}” din dosarul „${input}” duce la un fișier care nu există.`, { file: path.join(abs, d.name) });
          if (target.isFile()) names.push(d.name);
        }
      }
      names.sort(naturalCompare);
      for (const name of names) files.push(path.join(abs, name));
    } else if (st.isFile()) {
      files.push(abs);
    } else {
      throw new StationError('INPUT_UNSUPPORTED', `Intrarea „${input}” nu este un fișier obișnuit.`, { file: abs });
    }
  }
  for (const file of files) {
    const st = await stat(file);
    if (st.size === 0) throw new StationError('INPUT_EMPTY', `Fișierul „${path.basename(file)}” este gol (0 octeți).`, { file });
  }
  if (files.length === 0) throw new StationError('INPUT_NOT_FOUND', 'Dosarele indicate nu conțin nicio imagine.', { inputs, skipped: skipped.map((s) => s.file) });
  return { files, skipped };
}
