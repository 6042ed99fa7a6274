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

export async function expandInputs(inputs: readonly string[], cwd = process.cwd()): Promise<string[]> {
  if (inputs.length === 0) throw new StationError('USAGE', 'Nu ați indicat niciun fișier sau dosar de intrare.');
  const files: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new StationError('INPUT_NOT_FOUND', `Intrarea „${input}” nu există.`, { file: abs });
    if (st.isDirectory()) {
      const entries = (await readdir(abs, { withFileTypes: true })).filter((d) => !isIgnoredName(d.name));
      const names: string[] = [];
      for (const d of entries) {
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
  if (files.length === 0) throw new StationError('INPUT_NOT_FOUND', 'Dosarele indicate nu conțin nicio imagine.', { inputs });
  return files;
}
