import { describe, expect, it } from 'vitest';
import { parseScanimageFormatted, parseScanimageList, SCANIMAGE_LIST_FORMAT } from '../../../../station/src/drivers/sane/parse-scanimage-list.ts';
import { ownCapture, sharedCapture } from './paths.ts';

describe('parseScanimageList (scanimage -L)', () => {
  it('reads the local test backend', () => {
    expect(parseScanimageList(ownCapture('sane-test-backend-L.txt'))).toEqual([
      { id: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' },
      { id: 'test:1', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' },
    ]);
  });

  it('reads a capture without a final newline (Canon LiDE20 on plustek)', () => {
    expect(parseScanimageList(sharedCapture('scanimage-l1.txt'))).toEqual([
      { id: 'plustek:libusb:001:003', vendor: 'Canon', model: 'CanoScan N670U/N676U/LiDE20', type: 'flatbed scanner', driver: 'sane' },
    ]);
  });

  it('reads network scanners whose ids hold spaces (airscan eSCL and WSD)', () => {
    const devices = parseScanimageList(sharedCapture('scanimage-l2.txt'));
    expect(devices.map((d) => d.id)).toEqual(['plustek:libusb:001:003', 'airscan:w1:CANON INC. TR8500 series', 'airscan:e0:Canon TR8500 series']);
    expect(devices[1]).toMatchObject({ vendor: 'WSD', model: 'CANON INC. TR8500 series', type: 'WSD network scanner' });
    expect(devices[2]).toMatchObject({ vendor: 'eSCL', model: 'Canon TR8500 series', type: 'eSCL network scanner' });
  });

  it('lists a device once even when the output repeats it', () => {
    const line = "device `plustek:libusb:001:003' is a Canon CanoScan N670U/N676U/LiDE20 flatbed scanner";
    expect(parseScanimageList(line + line)).toHaveLength(1);
  });

  it('finds nothing in the "no scanners" message', () => {
    expect(parseScanimageList('\nNo scanners were identified. If you were expecting something different,\n')).toEqual([]);
  });
});

describe('parseScanimageFormatted (scanimage -f)', () => {
  it('reads the output of the format it asks for', () => {
    expect(SCANIMAGE_LIST_FORMAT).toBe('scan-station-device\u001f%d\u001f%v\u001f%m\u001f%t%n');
    expect(parseScanimageFormatted(ownCapture('sane-test-backend-f.txt'))).toEqual([
      { id: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' },
      { id: 'test:1', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' },
    ]);
  });

  it('keeps spaces, quotes and colons in fields and ignores noise lines from backends', () => {
    const out = [
      'some backend debug line',
      "scan-station-device\u001fairscan:e0:Kyocera \"Office\" 1\u001feSCL\u001fKyocera ECOSYS M2540dn\u001feSCL network scanner",
      'scan-station-device\u001fbroken line',
      '',
    ].join('\n');
    expect(parseScanimageFormatted(out)).toEqual([
      { id: 'airscan:e0:Kyocera "Office" 1', vendor: 'eSCL', model: 'Kyocera ECOSYS M2540dn', type: 'eSCL network scanner', driver: 'sane' },
    ]);
  });
});
