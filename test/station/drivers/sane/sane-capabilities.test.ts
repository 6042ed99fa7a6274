import { describe, expect, it } from 'vitest';
import { capabilitiesFromScanimage } from '../../../../station/src/drivers/sane/sane-capabilities.ts';
import { ownCapture, sharedCapture } from './paths.ts';

const RANGE_50_600 = [50, 75, 100, 150, 200, 240, 300, 400, 600];
const RANGE_50_1200 = [...RANGE_50_600, 1200];

describe('capabilities of real scanners', () => {
  it.each([
    {
      file: 'scanimage-a12-adf.txt', // Fujitsu fi-7260, flatbed + duplex feeder
      sources: ['flatbed', 'adf', 'adf-duplex'],
      sourceNames: { flatbed: 'Flatbed', adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: RANGE_50_600,
      maxAreaMm: { width: 215.872, height: 279.364 },
    },
    {
      file: 'scanimage-a12-flatbed.txt',
      sources: ['flatbed', 'adf', 'adf-duplex'],
      sourceNames: { flatbed: 'Flatbed', adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: RANGE_50_600,
      maxAreaMm: { width: 227.809, height: 296.972 },
    },
    {
      file: 'scanimage-a14.txt', // ScanSnap S1500: feeder only
      sources: ['adf', 'adf-duplex'],
      sourceNames: { adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: RANGE_50_600,
      maxAreaMm: { width: 215.872, height: 279.364 },
    },
    {
      file: 'scanimage-a10.txt', // epjitsu (ScanSnap S300): no -l/-x/-y, page size instead
      sources: ['adf', 'adf-duplex'],
      sourceNames: { adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: RANGE_50_600,
      maxAreaMm: { width: 219.428, height: 289.353 },
    },
    {
      file: 'scanimage-a6.txt', // Brother: long feeder names, dithered gray, 24bit colour
      sources: ['flatbed', 'adf', 'adf-duplex'],
      sourceNames: { flatbed: 'FlatBed', adf: 'Automatic Document Feeder(left aligned)', 'adf-duplex': 'Automatic Document Feeder(left aligned,Duplex)' },
      modeNames: { lineart: 'Black & White', gray: 'True Gray', color: '24bit Color[Fast]' },
      resolutions: [100, 150, 200, 300, 400, 600, 1200, 2400, 4800, 9600],
      maxAreaMm: { width: 215.9, height: 355.6 },
    },
    {
      file: 'scanimage-a11.txt', // Epson network: duplex through the separate adf-mode switch
      sources: ['flatbed', 'adf', 'adf-duplex'],
      sourceNames: { flatbed: 'Flatbed', adf: 'Automatic Document Feeder', 'adf-duplex': 'Automatic Document Feeder' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [75, 100, 150, 300, 600, 1200],
      maxAreaMm: { width: 297.18, height: 431.8 },
    },
    {
      file: 'scanimage-a5.txt', // Canon pixma: "auto" entries are not resolutions or modes
      sources: ['flatbed', 'adf'],
      sourceNames: { flatbed: 'Flatbed', adf: 'Automatic Document Feeder' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [75, 150, 300, 600, 1200],
      maxAreaMm: { width: 216.069, height: 355.6 },
    },
    {
      file: 'scanimage-a4.txt', // Xerox: "ADF", and "Auto" which is no source of ours
      sources: ['flatbed', 'adf'],
      sourceNames: { flatbed: 'Flatbed', adf: 'ADF' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [75, 100, 150, 200, 300, 600, 1200],
      maxAreaMm: { width: 215.9, height: 297.18 },
    },
    {
      file: 'scanimage-a9.txt', // utsushi: read-only "Document Table", Monochrome/Grayscale
      sources: ['flatbed'],
      sourceNames: {},
      modeNames: { lineart: 'Monochrome', gray: 'Grayscale', color: 'Color' },
      resolutions: RANGE_50_1200,
      maxAreaMm: { width: 215.9, height: 297.18 },
    },
    {
      file: 'scanimage-a3.txt', // no source option at all, "24bitColor"
      sources: ['flatbed'],
      sourceNames: {},
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: '24bitColor' },
      resolutions: [75, 300, 600, 1200],
      maxAreaMm: { width: 215.9, height: 297.18 },
    },
    {
      file: 'scanimage-a1.txt', // plustek: source inactive (film options), cannot be chosen
      sources: ['flatbed'],
      sourceNames: {},
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: RANGE_50_1200,
      maxAreaMm: { width: 215, height: 297 },
    },
    {
      file: 'scanimage-a7.txt', // Epson flatbed with a transparency unit: no feeder
      sources: ['flatbed'],
      sourceNames: { flatbed: 'Flatbed' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [50, 60, 72, 75, 80, 90, 100, 120, 133, 144, 150, 160, 175, 180, 200, 216, 240, 266, 300, 320, 350, 360, 400, 480, 600, 720, 800, 900, 1200, 1600, 1800, 2400, 3200],
      maxAreaMm: { width: 215.9, height: 297.18 },
    },
    {
      file: 'scanimage-a13.txt', // HP PSC 1600: flatbed only, duplex switch inactive
      sources: ['flatbed'],
      sourceNames: { flatbed: 'Flatbed' },
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [75, 100, 150, 200, 300, 600, 1200],
      maxAreaMm: { width: 215.9, height: 296.926 },
    },
    {
      file: 'scanimage-a2.txt', // Epson USB with the source inactive
      sources: ['flatbed'],
      sourceNames: {},
      modeNames: { lineart: 'Lineart', gray: 'Gray', color: 'Color' },
      resolutions: [75, 300, 600, 1200],
      maxAreaMm: { width: 215.9, height: 297.18 },
    },
  ])('$file', ({ file, sources, sourceNames, modeNames, resolutions, maxAreaMm }) => {
    const caps = capabilitiesFromScanimage(sharedCapture(file));
    expect(caps.sources).toEqual(sources);
    expect(caps.sourceNames).toEqual(sourceNames);
    expect(caps.modeNames).toEqual(modeNames);
    expect(caps.modes).toEqual(['color', 'gray', 'lineart']);
    expect(caps.resolutions).toEqual(resolutions);
    expect(caps.duplex).toBe(sources.includes('adf-duplex'));
    expect(caps.maxAreaMm).toEqual(maxAreaMm);
  });

  it('a scanner without a mode option (umax 1220U) offers no mode names', () => {
    const caps = capabilitiesFromScanimage(sharedCapture('scanimage-a8.txt'));
    expect(caps.modes).toEqual([]);
    expect(caps.sources).toEqual(['flatbed']);
    expect(caps.resolutions).toEqual([75, 150, 300, 600]);
    expect(caps.maxAreaMm).toEqual({ width: 228.6, height: 298.027 });
  });

  it('keeps all parsed options for pass-through checks', () => {
    const caps = capabilitiesFromScanimage(sharedCapture('scanimage-a12-adf.txt'));
    expect(caps.options).toHaveLength(56);
    expect(caps.options.find((o) => o.name === 'df-action')).toMatchObject({ kind: 'enum', values: ['Default', 'Continue', 'Stop'] });
  });
});

describe('capabilities of the local test backend', () => {
  it('test:0 has a flatbed and a simplex feeder, gray and colour, 1..1200 dpi, 200×200 mm', () => {
    const caps = capabilitiesFromScanimage(ownCapture('sane-test-backend-A.txt'));
    expect(caps).toMatchObject({
      sources: ['flatbed', 'adf'],
      sourceNames: { flatbed: 'Flatbed', adf: 'Automatic Document Feeder' },
      modes: ['color', 'gray'],
      modeNames: { gray: 'Gray', color: 'Color' },
      duplex: false,
      resolutions: RANGE_50_1200,
      maxAreaMm: { width: 200, height: 200 },
    });
  });
});
