/**
 * Code 128 as a row of modules (true = bar), from the zxing-wasm writer. The wasm binary is read from
 * node_modules, never fetched: the station works offline. Drawing the modules as rectangles keeps the
 * printed bars crisp at any printer resolution.
 */
import { writeBarcode } from 'zxing-wasm';
import { loadZxingModule } from '../barcode/zxing-module.ts';
import { StationError } from '../../../shared/src/errors.ts';

/** Loads the zxing-wasm module from node_modules once per process (shared with the barcode reader). */
export function loadZxing(): Promise<unknown> {
  return loadZxingModule();
}

/** Code 128 symbols are 11 modules per character (start and check included) plus a 13-module stop. */
function isCode128Width(width: number): boolean {
  return width >= 35 && (width - 2) % 11 === 0;
}

export async function code128Modules(text: string): Promise<boolean[]> {
  if (!/^[\x20-\x7e]{1,80}$/.test(text)) {
    throw new StationError('INTERNAL', 'Valoarea nu poate fi codificată în Code 128.', { text: text.slice(0, 80) });
  }
  await loadZxing();
  const result = await writeBarcode(text, { format: 'Code128', scale: 1, addQuietZones: false, addHRT: false });
  const { data, width, height } = result.symbol;
  if (result.error || height < 1 || !isCode128Width(width)) {
    throw new StationError('INTERNAL', 'Codul de bare nu a putut fi generat.', { text, error: result.error, width });
  }
  const modules = Array.from(data.subarray(0, width), (v) => v < 128);
  if (!modules[0] || !modules[width - 1]) {
    throw new StationError('INTERNAL', 'Codul de bare generat nu are forma Code 128.', { text, width });
  }
  return modules;
}

/** Runs of bars as [start module, length] pairs: one rectangle per bar. */
export function barRuns(modules: readonly boolean[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < modules.length; i++) {
    if (!modules[i]) continue;
    const start = i;
    while (i + 1 < modules.length && modules[i + 1]) i++;
    runs.push([start, i - start + 1]);
  }
  return runs;
}
