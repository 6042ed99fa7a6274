import { describe, expect, it } from 'vitest';
import { parseWiaOutput } from '../../../../station/src/drivers/wia/parse-wia-output.ts';
import { capabilitiesFromWiaEvents, devicesFromWiaEvents } from '../../../../station/src/drivers/wia/wia-capabilities.ts';
import { wiaCapture } from './wia-fixtures.ts';

describe('wia-capabilities', () => {
  it('lists scanners and leaves out cameras', () => {
    const devices = devicesFromWiaEvents(parseWiaOutput(wiaCapture('wia-list.txt')));
    expect(devices.map((d) => d.model)).toEqual(['fi-7160', 'CanoScan LiDE 300', 'Scanner de rețea (HP)']);
    expect(devices[0]).toEqual({
      id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000',
      vendor: 'FUJITSU',
      model: 'fi-7160',
      type: 'scanner',
      driver: 'wia',
    });
  });

  it('reads a WIA 2.0 duplex feeder with a flatbed', () => {
    const caps = capabilitiesFromWiaEvents(parseWiaOutput(wiaCapture('wia-caps-adf-duplex.txt')));
    expect(caps.sources).toEqual(['flatbed', 'adf', 'adf-duplex']);
    expect(caps.duplex).toBe(true);
    expect(caps.resolutions).toEqual([100, 150, 200, 300, 400, 600]); // 240 only horizontally
    expect(caps.modes).toEqual(['color', 'gray', 'lineart']);
    expect(caps.modeNames).toEqual({ color: 'Color', gray: 'Grayscale', lineart: 'Black and white' });
    expect(caps.maxAreaMm).toEqual({ width: 215.9, height: 5588 });
    expect(caps.options).toEqual([]);
  });

  it('reads a WIA 1.0 flatbed with a resolution range', () => {
    const caps = capabilitiesFromWiaEvents(parseWiaOutput(wiaCapture('wia-caps-flatbed.txt')));
    expect(caps.sources).toEqual(['flatbed']);
    expect(caps.duplex).toBe(false);
    expect(caps.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600, 1200]);
    expect(caps.modes).toEqual(['color', 'gray', 'lineart']);
    expect(caps.maxAreaMm).toBeUndefined();
  });

  it('derives modes from data types before intents, and keeps a range step', () => {
    const caps = capabilitiesFromWiaEvents(
      parseWiaOutput(['CAP handling-capabilities 1', 'CAP datatypes 0,2', 'CAP intents 1,2,4', 'CAP x-resolution range 100 600 100'].join('\n')),
    );
    expect(caps.sources).toEqual(['adf']);
    expect(caps.modes).toEqual(['gray', 'lineart']);
    expect(caps.resolutions).toEqual([100, 200, 300, 400, 600]);
  });
});
