/**
 * The folder driver loads without config.ts (and with it zxing-wasm, the splitter, the separator
 * rule): its defaults live in folder-defaults.ts, which config.ts takes its `folder` defaults from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../station/src/config.ts';
import { FOLDER_DEFAULTS } from '../../../../station/src/drivers/folder/folder-defaults.ts';
import { DEFAULTS } from '../../../../station/src/drivers/folder/folder-driver-options.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** Every file the module at `entry` loads at run time, following its relative value imports (type-only ones are erased). */
function runtimeImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(path.join(ROOT, entry));
  return { files, packages };
}

describe('folder driver defaults', () => {
  it('the folder driver does not load config.ts, zxing-wasm, the splitter or the separator rule', () => {
    const { files, packages } = runtimeImports('station/src/drivers/folder/folder-driver.ts');
    const rel = [...files].map((f) => path.relative(ROOT, f));
    expect(rel).toContain('station/src/drivers/folder/folder-defaults.ts');
    expect(rel).not.toContain('station/src/config.ts');
    expect(rel.filter((f) => /split\/splitter|barcode\/separator-rule/.test(f))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('zxing'))).toEqual([]);
  });

  it('the values are the config schema\'s folder defaults, unchanged', () => {
    expect(DEFAULT_CONFIG.folder).toEqual({ quietMs: 1500, quickQuietMs: 200, usePolling: false, archiveDir: '', watched: [], maxFileMb: 512 });
    expect(DEFAULT_CONFIG.folder).toEqual(FOLDER_DEFAULTS);
    expect(DEFAULTS).toMatchObject({ quietMs: 1500, quickQuietMs: 200, maxFileBytes: 512 * 1048576 });
  });
});
