import { describe, expect, it } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScanRequest } from '../../../../station/src/drivers/driver.ts';
import { batchPattern, buildScanimageArgs } from '../../../../station/src/drivers/sane/build-scanimage-args.ts';
import { capabilitiesFromScanimage } from '../../../../station/src/drivers/sane/sane-capabilities.ts';
import { ownCapture, sharedCapture } from './paths.ts';

const testBackend = capabilitiesFromScanimage(ownCapture('sane-test-backend-A.txt'));
const fujitsu = capabilitiesFromScanimage(sharedCapture('scanimage-a12-adf.txt'));
const epsonNet = capabilitiesFromScanimage(sharedCapture('scanimage-a11.txt'));
const umax = capabilitiesFromScanimage(sharedCapture('scanimage-a8.txt'));

function request(over: Partial<ScanRequest> = {}): ScanRequest {
  return { device: 'test:0', source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir: '/var/lib/station/batches/b1/pages', ...over };
}

function optionError(fn: () => unknown): StationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StationError);
    expect((err as StationError).code).toBe('OPTION_INVALID');
    return err as StationError;
  }
  throw new Error('expected OPTION_INVALID');
}

describe('buildScanimageArgs', () => {
  it('builds an unlimited feeder batch: source first, pnm, batch-print, numbering from 1', () => {
    expect(buildScanimageArgs(request(), testBackend)).toEqual([
      '-d', 'test:0',
      '--source=Automatic Document Feeder',
      '--mode=Gray',
      '--resolution=300',
      '--format=pnm',
      '--batch=/var/lib/station/batches/b1/pages/page-%05d.pnm',
      '--batch-print',
      '--batch-start=1',
    ]);
  });

  it('a flatbed batch always has a count of one (without it scanimage never ends)', () => {
    const args = buildScanimageArgs(request({ source: 'flatbed', mode: 'color' }), testBackend);
    expect(args).toContain('--source=Flatbed');
    expect(args).toContain('--mode=Color');
    expect(args.at(-1)).toBe('--batch-count=1');
    expect(args.filter((a) => a.startsWith('--batch-count'))).toHaveLength(1);
  });

  it('a feeder batch has no count, so it ends when the feeder is empty', () => {
    expect(buildScanimageArgs(request(), testBackend).some((a) => a.startsWith('--batch-count'))).toBe(false);
  });

  it('continues the numbering of a resumed batch and writes TIFF when asked, never pdf/png/jpeg', () => {
    const args = buildScanimageArgs(request({ startIndex: 8 }), testBackend, 'tiff');
    expect(args).toContain('--batch-start=8');
    expect(args).toContain('--format=tiff');
    expect(args).toContain('--batch=/var/lib/station/batches/b1/pages/page-%05d.tif');
    expect(args.join(' ')).not.toMatch(/pdf|png|jpe?g/);
  });

  it('uses the vendor names: Fujitsu ADF Front / ADF Duplex, Lineart', () => {
    expect(buildScanimageArgs(request({ device: 'fujitsu:fi-7260', source: 'adf-duplex', mode: 'lineart', resolution: 200 }), fujitsu).slice(0, 5)).toEqual([
      '-d', 'fujitsu:fi-7260', '--source=ADF Duplex', '--mode=Lineart', '--resolution=200',
    ]);
    expect(buildScanimageArgs(request({ source: 'adf' }), fujitsu)).toContain('--source=ADF Front');
  });

  it('sets the separate duplex switch of Epson network scanners', () => {
    const args = buildScanimageArgs(request({ source: 'adf-duplex', resolution: 300 }), epsonNet);
    expect(args.slice(2, 4)).toEqual(['--source=Automatic Document Feeder', '--adf-mode=Duplex']);
    expect(buildScanimageArgs(request({ source: 'adf' }), epsonNet)).not.toContain('--adf-mode=Duplex');
    optionError(() => buildScanimageArgs(request({ source: 'adf-duplex', options: { 'adf-mode': 'Simplex' } }), epsonNet));
  });

  it('passes no --mode to a scanner that has no mode option', () => {
    const args = buildScanimageArgs(request({ source: 'flatbed', resolution: 150 }), umax);
    expect(args.some((a) => a.startsWith('--mode'))).toBe(false);
    expect(args.some((a) => a.startsWith('--source'))).toBe(false);
    expect(args).toContain('--resolution=150');
  });

  it('escapes % in the folder name for scanimage', () => {
    expect(batchPattern('/data/100%/pages')).toBe('/data/100%%/pages/page-%05d.pnm');
  });

  it('passes device options through after checking them', () => {
    const args = buildScanimageArgs(
      request({ options: { 'read-delay': 'yes', 'read-delay-duration': '200000', 'test-picture': 'grid', x: '50', '--y': '60mm', 'read-return-value': 'SANE_STATUS_JAMMED' } }),
      testBackend,
    );
    expect(args.slice(5, args.indexOf('--format=pnm'))).toEqual([
      '--read-delay=yes',
      '--read-delay-duration=200000',
      '--test-picture=Grid',
      '-x', '50',
      '-y', '60',
      '--read-return-value=SANE_STATUS_JAMMED',
    ]);
  });

  it('rejects unknown options, values outside the list or range, buttons and read-only options', () => {
    expect(optionError(() => buildScanimageArgs(request({ options: { 'output-file': '/etc/passwd' } }), testBackend)).message).toBe(
      'Scanerul nu are opțiunea „output-file”. Verificați numele în lista de opțiuni a scanerului.',
    );
    const e1 = optionError(() => buildScanimageArgs(request({ options: { 'test-picture': 'Stripes' } }), testBackend));
    expect(e1.message).toBe('Valoarea „Stripes” nu este acceptată pentru opțiunea „test-picture”. Valori posibile: Solid black, Solid white, Color pattern, Grid.');
    expect(e1.details).toMatchObject({ option: 'test-picture', value: 'Stripes' });
    const e2 = optionError(() => buildScanimageArgs(request({ options: { x: '250' } }), testBackend));
    expect(e2.message).toBe('Valoarea „250” pentru opțiunea „x” trebuie să fie un număr între 0 și 200 mm.');
    optionError(() => buildScanimageArgs(request({ options: { 'read-delay-duration': 'slow' } }), testBackend));
    optionError(() => buildScanimageArgs(request({ options: { 'read-delay': 'maybe' } }), testBackend));
    expect(optionError(() => buildScanimageArgs(request({ options: { 'print-options': '' } }), testBackend)).message).toContain('este un buton');
    expect(optionError(() => buildScanimageArgs(request({ device: 'f', options: { side: 'yes' } }), fujitsu)).message).toContain('nu poate fi setată');
    expect(optionError(() => buildScanimageArgs(request({ device: 'f', options: { 'double-feed': 'no' } }), fujitsu)).message).toContain('nu poate fi setată');
  });

  it('accepts Fujitsu enum values case-insensitively and numbers with their unit', () => {
    const args = buildScanimageArgs(request({ device: 'f', options: { 'df-action': 'stop', 'page-height': '297,5', swskip: '5%' } }), fujitsu);
    expect(args).toContain('--df-action=Stop');
    expect(args).toContain('--page-height=297.5');
    expect(args).toContain('--swskip=5');
  });

  it('keeps source, mode and resolution out of --option', () => {
    for (const name of ['source', 'mode', 'resolution']) {
      expect(optionError(() => buildScanimageArgs(request({ options: { [name]: 'x' } }), testBackend)).message).toContain('nu se dă prin --option');
    }
  });

  it('rejects a source, mode or resolution the scanner does not have, in Romanian', () => {
    expect(optionError(() => buildScanimageArgs(request({ source: 'adf-duplex' }), testBackend)).message).toBe(
      'Scanerul nu poate scana din alimentator față-verso (ADF duplex). Surse disponibile: platou (flatbed), alimentator (ADF).',
    );
    expect(optionError(() => buildScanimageArgs(request({ source: 'flatbed' }), capabilitiesFromScanimage(sharedCapture('scanimage-a14.txt')))).message).toContain('platou');
    expect(optionError(() => buildScanimageArgs(request({ mode: 'lineart' }), testBackend)).message).toBe(
      'Scanerul nu poate scana în modul alb-negru. Moduri disponibile: color, tonuri de gri.',
    );
    expect(optionError(() => buildScanimageArgs(request({ resolution: 1500 }), testBackend)).message).toContain('nu acceptă rezoluția de 1500 dpi');
    expect(optionError(() => buildScanimageArgs(request({ resolution: 250 }), epsonNet)).message).toBe(
      'Scanerul nu acceptă rezoluția de 250 dpi. Rezoluții obișnuite acceptate: 75, 100, 150, 300, 600, 1200 dpi.',
    );
    optionError(() => buildScanimageArgs(request({ resolution: 0 }), testBackend));
    optionError(() => buildScanimageArgs(request({ startIndex: 0 }), testBackend));
  });

  it('accepts any resolution inside a range, not only the common ones', () => {
    expect(buildScanimageArgs(request({ resolution: 237 }), fujitsu)).toContain('--resolution=237');
  });
});
