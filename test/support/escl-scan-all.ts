/** Every page an eSCL scan yields (300 dpi colour from the feeder), and the StationError that ended it, if any. */
import { expect } from 'vitest';
import { StationError } from '../../shared/src/errors.ts';
import type { ScannedPage } from '../../station/src/drivers/driver.ts';
import type { EsclDriver } from '../../station/src/drivers/escl/escl-driver.ts';

export async function scanAllPages(driver: EsclDriver, device: string, workDir: string, signal?: AbortSignal): Promise<{ pages: ScannedPage[]; error?: StationError }> {
  const pages: ScannedPage[] = [];
  try {
    for await (const p of driver.scan({ device, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir, signal })) pages.push(p);
    return { pages };
  } catch (err) {
    expect(err).toBeInstanceOf(StationError);
    return { pages, error: err as StationError };
  }
}
