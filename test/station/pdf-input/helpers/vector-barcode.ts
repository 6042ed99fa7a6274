import { writeBarcode } from 'zxing-wasm/full';
import { prepareZxing } from './zxing-offline.ts';

/**
 * Content-stream operators drawing `value` as a Code 128 made of filled rectangles (no image):
 * the way a registry application prints separator sheets straight to PDF.
 */
export async function code128Rectangles(value: string, x: number, y: number, moduleWidth: number, height: number): Promise<string> {
  await prepareZxing(); // the wasm comes from node_modules, never from the network
  const written = await writeBarcode(value, { format: 'Code128' });
  if (written.error) throw new Error(written.error);
  const { data, width } = written.symbol;
  const bars: string[] = [];
  for (let m = 0; m < width; ) {
    if (data[m]! >= 128) {
      m++;
      continue;
    }
    let run = 0;
    while (m + run < width && data[m + run]! < 128) run++;
    bars.push(`${(x + m * moduleWidth).toFixed(3)} ${y} ${(run * moduleWidth).toFixed(3)} ${height} re`);
    m += run;
  }
  return `q 0 g ${bars.join(' ')} f Q`;
}
