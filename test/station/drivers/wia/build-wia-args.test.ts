import { describe, expect, it } from 'vitest';
import type { ScanRequest } from '../../../../station/src/drivers/driver.ts';
import {
  buildWiaCapsArgs,
  buildWiaListArgs,
  buildWiaScanArgs,
  wiaDeviceId,
} from '../../../../station/src/drivers/wia/build-wia-args.ts';

const SCRIPT = 'C:\\Program Files\\Scan Station\\station\\src\\drivers\\wia\\wia-scan.ps1';
const DEVICE = '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000';
const PREFIX = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', SCRIPT];

function request(overrides: Partial<ScanRequest> = {}): ScanRequest {
  return {
    device: DEVICE,
    source: 'adf',
    resolution: 300,
    mode: 'gray',
    options: {},
    workDir: 'C:\\Registratură\\lot 12',
    ...overrides,
  };
}

describe('build-wia-args', () => {
  it('builds list and caps commands', () => {
    expect(buildWiaListArgs({ scriptPath: SCRIPT })).toEqual({ file: 'powershell.exe', args: [...PREFIX, 'list'] });
    expect(buildWiaCapsArgs({ scriptPath: SCRIPT, powershell: 'pwsh' }, `wia:${DEVICE}`)).toEqual({
      file: 'pwsh',
      args: [...PREFIX, 'caps', DEVICE],
    });
  });

  it('builds a scan command as separate arguments, spaces and diacritics untouched', () => {
    const inv = buildWiaScanArgs({ scriptPath: SCRIPT }, request({ startIndex: 7 }));
    expect(inv.file).toBe('powershell.exe');
    expect(inv.args).toEqual([...PREFIX, 'scan', DEVICE, 'C:\\Registratură\\lot 12', 'feeder', '300', 'gray', '7', 'png']);
  });

  it('maps sources and modes, and passes the page format', () => {
    const args = (r: Partial<ScanRequest>, format?: 'png' | 'tiff') => buildWiaScanArgs({ scriptPath: SCRIPT }, request(r), format).args.slice(PREFIX.length + 3);
    expect(args({ source: 'adf-duplex', mode: 'color' })).toEqual(['duplex', '300', 'color', '1', 'png']);
    expect(args({ source: 'flatbed', mode: 'lineart', resolution: 600 }, 'tiff')).toEqual(['flatbed', '600', 'lineart', '1', 'tiff']);
  });

  it('drops trailing separators from the output folder but keeps a drive root', () => {
    const outDir = (workDir: string) => buildWiaScanArgs({ scriptPath: SCRIPT }, request({ workDir })).args[PREFIX.length + 2];
    expect(outDir('C:\\scans\\lot 1\\')).toBe('C:\\scans\\lot 1');
    expect(outDir('C:\\')).toBe('C:\\');
    expect(outDir('/srv/scans/')).toBe('/srv/scans');
  });

  it.each([
    [{ resolution: 49 }, 'OPTION_INVALID'],
    [{ resolution: 4801 }, 'OPTION_INVALID'],
    [{ resolution: 300.5 }, 'OPTION_INVALID'],
    [{ resolution: Number.NaN }, 'OPTION_INVALID'],
    [{ mode: 'sepia' as never }, 'OPTION_INVALID'],
    [{ source: 'tray' as never }, 'OPTION_INVALID'],
    [{ startIndex: 0 }, 'OPTION_INVALID'],
    [{ options: { brightness: '10' } }, 'OPTION_INVALID'],
    [{ workDir: 'relative\\dir' }, 'OUTPUT_FAILED'],
    [{ workDir: 'C:\\a"b' }, 'OUTPUT_FAILED'],
    [{ workDir: 'C:\\a\nb' }, 'OUTPUT_FAILED'],
    [{ device: '-Command evil' }, 'DEVICE_NOT_FOUND'],
    [{ device: 'wia:' }, 'DEVICE_NOT_FOUND'],
    [{ device: 'x\ty' }, 'DEVICE_NOT_FOUND'],
  ] as const)('rejects %o with %s', (overrides, code) => {
    expect(() => buildWiaScanArgs({ scriptPath: SCRIPT }, request(overrides as Partial<ScanRequest>))).toThrowError(
      expect.objectContaining({ code }),
    );
  });

  it('accepts the wia: prefix on device ids', () => {
    expect(wiaDeviceId(`wia:${DEVICE}`)).toBe(DEVICE);
    expect(wiaDeviceId(DEVICE)).toBe(DEVICE);
  });
});
