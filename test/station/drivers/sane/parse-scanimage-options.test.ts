import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOptionLine, parseScanimageOptions, type SaneOption } from '../../../../station/src/drivers/sane/parse-scanimage-options.ts';
import { ownCapture, sharedCapture, sharedCaptures } from './paths.ts';

function optionsOf(text: string): Map<string, SaneOption> {
  return new Map(parseScanimageOptions(text).options.map((o) => [o.name, o]));
}

describe('parseScanimageOptions on real scanners', () => {
  it('parses every capture without losing an option line', () => {
    const files = readdirSync(sharedCaptures).filter((f) => /^scanimage-a\d/.test(f));
    expect(files.length).toBe(15);
    for (const f of files) {
      const text = sharedCapture(f);
      const optionLines = text.split('\n').filter((l) => /^\s{2,6}--?[^\s-]/.test(l)).length;
      const parsed = parseScanimageOptions(text);
      expect(parsed.options.length, f).toBe(optionLines);
      expect(parsed.device, f).toBeTruthy();
    }
  });

  it('Fujitsu fi-7260: sources, modes, resolution range with step, geometry, sensors', () => {
    const parsed = parseScanimageOptions(sharedCapture('scanimage-a12-adf.txt'));
    expect(parsed.device).toBe('net:<IP address>:fujitsu:fi-7260:1208958');
    const o = new Map(parsed.options.map((x) => [x.name, x]));
    expect(o.get('source')).toMatchObject({ kind: 'enum', values: ['Flatbed', 'ADF Front', 'ADF Back', 'ADF Duplex'], defaultValue: 'ADF Front', group: 'Standard' });
    expect(o.get('mode')).toMatchObject({ kind: 'enum', values: ['Lineart', 'Halftone', 'Gray', 'Color'], defaultValue: 'Lineart' });
    expect(o.get('resolution')).toMatchObject({ kind: 'range', range: { min: 50, max: 600, step: 1 }, unit: 'dpi', defaultValue: '600' });
    expect(o.get('page-height')).toMatchObject({ kind: 'range', range: { min: 0, max: 2750.47, step: 0.0211639 }, unit: 'mm', group: 'Geometry' });
    expect(o.get('x')).toMatchObject({ range: { min: 0, max: 215.872 }, defaultValue: '215.872' });
    expect(o.get('swskip')).toMatchObject({ kind: 'range', range: { min: 0, max: 100, step: 0.100006 }, unit: '%' });
    expect(o.get('df-diff')).toMatchObject({ kind: 'enum', values: ['Default', '10mm', '15mm', '20mm'], inactive: true });
    expect(o.get('df-diff')!.unit).toBeUndefined();
    expect(o.get('side')).toMatchObject({ kind: 'bool', readOnly: true, defaultValue: 'no' });
    expect(o.get('double-feed')).toMatchObject({ kind: 'bool', hardware: true, group: 'Sensors' });
    expect(o.get('error-code')).toMatchObject({ kind: 'number', defaultValue: '0', hardware: true });
    expect(o.get('lowmemory')!.description).toMatch(/^Limit driver memory usage .* custom front-end software\.$/);
    // the flatbed capture of the same scanner: page size inactive, larger area
    const flat = optionsOf(sharedCapture('scanimage-a12-flatbed.txt'));
    expect(flat.get('page-width')).toMatchObject({ inactive: true });
    expect(flat.get('page-width')!.defaultValue).toBeUndefined();
    expect(flat.get('x')!.range!.max).toBe(227.809);
  });

  it('Brother: values that hold brackets, and a default that does too', () => {
    const o = optionsOf(sharedCapture('scanimage-a6.txt'));
    expect(o.get('mode')).toMatchObject({
      values: ['Black & White', 'Gray[Error Diffusion]', 'True Gray', '24bit Color[Fast]'],
      defaultValue: '24bit Color[Fast]',
    });
    expect(o.get('source')!.values).toContain('Automatic Document Feeder(left aligned,Duplex)');
    expect(o.get('resolution')).toMatchObject({ kind: 'enum', unit: 'dpi', defaultValue: '200' });
    expect(o.get('resolution')!.values).toEqual(['100', '150', '200', '300', '400', '600', '1200', '2400', '4800', '9600']);
  });

  it('Canon pixma: auto values, empty list items, buttons and read-only ints', () => {
    const o = optionsOf(sharedCapture('scanimage-a5.txt'));
    expect(o.get('resolution')).toMatchObject({ kind: 'enum', values: ['auto', '75', '150', '300', '600', '1200'], unit: 'dpi' });
    expect(o.get('custom-gamma')).toMatchObject({ kind: 'bool', values: ['auto', 'yes', 'no'], defaultValue: 'yes' });
    expect(o.get('gamma')).toMatchObject({ kind: 'range', range: { min: 0.299988, max: 5 }, values: ['auto'], defaultValue: '2.2' });
    expect(o.get('gamma-table')).toMatchObject({ kind: 'range', array: true, values: ['auto'] });
    expect(o.get('l')).toMatchObject({ kind: 'range', range: { min: 0, max: 216.069 }, unit: 'mm', values: ['auto'] });
    expect(o.get('button-update')).toMatchObject({ kind: 'button', group: 'Buttons' });
    expect(o.get('button-1')).toMatchObject({ kind: 'number', readOnly: true, defaultValue: '0' });
    expect(o.get('adf-wait')).toMatchObject({ kind: 'range', inactive: true, range: { min: 0, max: 3600, step: 1 } });
  });

  it('plustek: option names with a space ("button 0"), arrays, a word list with a unit', () => {
    const o = optionsOf(sharedCapture('scanimage-a1.txt'));
    expect(o.get('button 0')).toMatchObject({ kind: 'bool', hardware: true, defaultValue: 'no', group: 'Buttons' });
    expect(o.get('button 3')).toMatchObject({ kind: 'bool', inactive: true });
    expect(o.get('depth')).toMatchObject({ kind: 'enum', values: ['8', '16'], unit: 'bit', defaultValue: '8' });
    expect(o.get('gamma-table')).toMatchObject({ kind: 'range', array: true, inactive: true, range: { min: 0, max: 255 } });
    expect(o.get('calibrate')).toMatchObject({ kind: 'button', inactive: true });
    expect(o.get('y')).toMatchObject({ defaultValue: '76.21' });
    expect(o.get('source')).toMatchObject({ values: ['Normal', 'Transparency', 'Negative'], inactive: true });
  });

  it('Epson: "[advanced]"-less lists with spaces around "|", a button shown as "[]", the adf-mode switch', () => {
    const a7 = optionsOf(sharedCapture('scanimage-a7.txt'));
    expect(a7.get('bay')).toMatchObject({ kind: 'enum', values: ['1', '2', '3', '4', '5', '6'], inactive: true });
    expect(a7.get('resolution')!.values).toHaveLength(33);
    expect(a7.get('adf_mode')).toMatchObject({ values: ['Simplex', 'Duplex'], inactive: true });
    const a11 = optionsOf(sharedCapture('scanimage-a11.txt'));
    expect(a11.get('eject')).toMatchObject({ kind: 'button', defaultValue: '' });
    expect(a11.get('adf-mode')).toMatchObject({ kind: 'enum', values: ['Simplex', 'Duplex'], defaultValue: 'Simplex' });
    expect(a11.get('gamma-correction')).toMatchObject({ defaultValue: 'User defined (Gamma=1.8)' });
  });

  it('HP and ScanSnap: "[advanced]" flags after the value', () => {
    const hp = optionsOf(sharedCapture('scanimage-a13.txt'));
    expect(hp.get('compression')).toMatchObject({ values: ['None', 'JPEG'], defaultValue: 'JPEG', advanced: true });
    expect(hp.get('duplex')).toMatchObject({ kind: 'bool', inactive: true });
    const snap = optionsOf(sharedCapture('scanimage-a14.txt'));
    expect(snap.get('source')).toMatchObject({ values: ['ADF Front', 'ADF Back', 'ADF Duplex'] });
    expect(snap.get('power-save')).toMatchObject({ defaultValue: 'yes', hardware: true });
  });

  it('umax (no groups at all) and utsushi (read-only source, ranges without step)', () => {
    const umax = parseScanimageOptions(sharedCapture('scanimage-a8.txt'));
    expect(umax.options.map((x) => x.name)).toEqual(['resolution', 'gray', 'l', 't', 'x', 'y']);
    expect(umax.options[0]!.group).toBeUndefined();
    const ut = optionsOf(sharedCapture('scanimage-a9.txt'));
    expect(ut.get('source')).toMatchObject({ kind: 'enum', values: ['Document Table'], defaultValue: 'Document Table', readOnly: true });
    expect(ut.get('resolution')).toMatchObject({ kind: 'range', range: { min: 50, max: 1200 }, unit: 'dpi' });
    expect(ut.get('resolution')!.range!.step).toBeUndefined();
    expect(ut.get('gamma')).toMatchObject({ kind: 'enum', values: ['1.0', '1.8'] });
  });

  it('skips the noise before the header (commands, warnings)', () => {
    const p = parseScanimageOptions(sharedCapture('scanimage-a6.txt'));
    expect(p.device).toBe('brother4:bus9;dev1');
    expect(p.options[0]!.name).toBe('mode');
  });
});

describe('parseScanimageOptions on the local test backend', () => {
  const o = optionsOf(ownCapture('sane-test-backend-A.txt'));

  it('reads the options the driver tests use', () => {
    expect(o.get('source')).toMatchObject({ values: ['Flatbed', 'Automatic Document Feeder'], defaultValue: 'Flatbed' });
    expect(o.get('mode')).toMatchObject({ values: ['Gray', 'Color'], defaultValue: 'Gray' });
    expect(o.get('resolution')).toMatchObject({ kind: 'range', range: { min: 1, max: 1200, step: 1 }, unit: 'dpi', defaultValue: '50' });
    expect(o.get('read-delay')).toMatchObject({ kind: 'bool', defaultValue: 'no' });
    expect(o.get('read-delay-duration')).toMatchObject({ kind: 'range', range: { min: 1000, max: 200000, step: 1000 }, unit: 'us', inactive: true });
    expect(o.get('read-return-value')!.values).toContain('SANE_STATUS_JAMMED');
    expect(o.get('print-options')).toMatchObject({ kind: 'button' });
  });

  it('reads every SANE option type the test backend exposes', () => {
    expect(o.get('int')).toMatchObject({ kind: 'number', inactive: true });
    expect(o.get('fixed')).toMatchObject({ kind: 'number' });
    expect(o.get('string')).toMatchObject({ kind: 'string' });
    expect(o.get('int-constraint-word-list')).toMatchObject({ kind: 'enum', unit: 'bit', values: ['-42', '-8', '0', '17', '42', '256', '65536', '16777216', '1073741824'] });
    expect(o.get('int-constraint-array')).toMatchObject({ kind: 'number', array: true });
    expect(o.get('int-constraint-array-constraint-range')).toMatchObject({ kind: 'range', array: true, unit: 'dpi', range: { min: 4, max: 192, step: 2 } });
    expect(o.get('int-constraint-array-constraint-word-list')).toMatchObject({ kind: 'enum', array: true, unit: '%' });
    expect(o.get('fixed-constraint-range')).toMatchObject({ range: { min: -42.17, max: 32768, step: 2 }, unit: 'us' });
    expect(o.get('fixed-constraint-word-list')!.values).toEqual(['-32.7', '12.1', '42', '129.5']);
    expect(o.get('string-constraint-long-string-list')!.values).toHaveLength(46);
    expect(o.get('bool-soft-select-soft-detect-auto')).toMatchObject({ kind: 'bool', values: ['auto', 'yes', 'no'] });
    expect(o.get('gamma-table')).toMatchObject({ kind: 'range', array: true, advanced: true });
  });
});

describe('parseOptionLine', () => {
  it('does not take a bracketed part of the last value for the current value', () => {
    expect(parseOptionLine('--mode Color|24bit Color[Fast]')).toMatchObject({ values: ['Color', '24bit Color[Fast]'] });
    expect(parseOptionLine('--mode Color|24bit Color[Fast]')!.defaultValue).toBeUndefined();
  });
});
