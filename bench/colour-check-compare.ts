/**
 * The colour check against its whole-page computation: every JPEG page of the folders given is
 * decoded as the station decodes it (its colour preview), then measured by `measureColour` and by the
 * whole-page computation (`test/support/colour-reference.ts`, every cell worked out in full). Prints,
 * per folder, the pages whose decision or figures differ, and each one's CPU ms a page (best of
 * `--runs` a page, median over the pages). Exit code 1 when any page differs.
 * Usage: node --import tsx bench/colour-check-compare.ts <dir>... [--runs 3] [--pages N]
 */
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../station/src/config.ts';
import { measureColour, type ColourMeasure, type RgbRaster } from '../station/src/imaging/colour-content.ts';
import { previewDpi } from '../station/src/pipeline/page-types.ts';
import { decodePage } from '../station/src/pipeline/stages/decode.ts';
import { measureColourWholePage } from '../test/support/colour-reference.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' }, pages: { type: 'string' } } });
if (positionals.length === 0) throw new Error('usage: colour-check-compare <dir>... [--runs N] [--pages N]');
const runs = Math.max(1, Number(values.runs));
const cfg = loadConfig({ env: { STATION_DATA_DIR: path.join(tmpdir(), 'scan-station-bench-data') } });
const decode = { jpegQuality: cfg.jpegQuality, lossless: cfg.lossless, assumedDpi: cfg.assumedDpi };
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The measure and its best CPU ms over `runs` runs. */
const timed = (fn: () => ColourMeasure): { m: ColourMeasure; ms: number } => {
  let ms = Infinity;
  let m: ColourMeasure | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = cpu();
    m = fn();
    ms = Math.min(ms, cpu() - t0);
  }
  return { m: m!, ms };
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? NaN;

let differ = 0;
for (const dir of positionals) {
  const files = (await readdir(dir)).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, values.pages ? Number(values.pages) : undefined);
  const now: number[] = [], whole: number[] = [];
  let colourPages = 0;
  for (const [seq, file] of files.entries()) {
    const bytes = await readFile(path.join(dir, file));
    const page = await decodePage({ seq, origin: { file, pageInFile: 0, pagesInFile: 1, fileSha256: '' }, label: file, source: { format: 'jpeg', bytes } }, decode);
    const rgb = page.colourPreview;
    if (!rgb) continue;
    const img: RgbRaster = { data: rgb.data, width: rgb.width, height: rgb.height };
    const pxPerMm = previewDpi(page) / 25.4;
    const a = timed(() => measureColour(img, pxPerMm));
    const b = timed(() => measureColourWholePage(img, pxPerMm));
    now.push(a.ms);
    whole.push(b.ms);
    if (a.m.colour) colourPages++;
    if (JSON.stringify(a.m) !== JSON.stringify(b.m)) {
      differ++;
      process.stdout.write(`  ${file}: ${JSON.stringify(a.m)} against the whole page's ${JSON.stringify(b.m)}\n`);
    }
  }
  process.stdout.write(`${path.basename(dir)}: ${now.length} colour previews (${colourPages} colour), measureColour ${median(now).toFixed(2)} ms CPU a page, whole page ${median(whole).toFixed(2)}\n`);
}
process.stdout.write(differ === 0 ? 'every page: the same decision and figures\n' : `${differ} pages differ\n`);
process.exitCode = differ === 0 ? 0 : 1;
