/** eSCL XML as real scanners write it: platen and feeder, resolution ranges, duplex named only as an option. */
import { describe, expect, it } from 'vitest';
import { scanSettingsFor, toScanCapabilities } from '../../../../station/src/drivers/escl/escl-capabilities.ts';
import { parseEsclCapabilities, parseEsclStatus, scanSettingsXml } from '../../../../station/src/drivers/escl/escl-xml.ts';

// shaped after an HP LaserJet MFP answer: one setting profile with a resolution range, duplex as an AdfOption
const HP_LIKE = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm" xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03">
  <pwg:Version>2.5</pwg:Version>
  <pwg:MakeAndModel>HP LaserJet MFP M428fdw</pwg:MakeAndModel>
  <scan:Manufacturer>HP</scan:Manufacturer>
  <scan:Platen><scan:PlatenInputCaps>
    <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>3508</scan:MaxHeight>
    <scan:SettingProfiles><scan:SettingProfile>
      <scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>application/pdf</pwg:DocumentFormat><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:ResolutionRange>
        <scan:XResolutionRange><scan:Min>75</scan:Min><scan:Max>600</scan:Max><scan:Step>1</scan:Step></scan:XResolutionRange>
        <scan:YResolutionRange><scan:Min>75</scan:Min><scan:Max>600</scan:Max><scan:Step>1</scan:Step></scan:YResolutionRange>
      </scan:ResolutionRange></scan:SupportedResolutions>
    </scan:SettingProfile></scan:SettingProfiles>
  </scan:PlatenInputCaps></scan:Platen>
  <scan:Adf>
    <scan:AdfSimplexInputCaps>
      <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>4200</scan:MaxHeight>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats><pwg:DocumentFormat>application/pdf</pwg:DocumentFormat></scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>
          <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
          <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>600</scan:YResolution></scan:DiscreteResolution>
        </scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles>
    </scan:AdfSimplexInputCaps>
    <scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption><scan:AdfOption>Duplex</scan:AdfOption></scan:AdfOptions>
  </scan:Adf>
</scan:ScannerCapabilities>`;

describe('eSCL XML', () => {
  it('reads platen, feeder and duplex-by-option capabilities', () => {
    const caps = parseEsclCapabilities(HP_LIKE);
    expect(caps).toMatchObject({ version: '2.5', makeAndModel: 'HP LaserJet MFP M428fdw', manufacturer: 'HP' });
    expect(caps.inputs.flatbed?.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600]);
    expect(caps.inputs.adf?.resolutions).toEqual([300]); // 300×600 is not a square resolution
    expect(caps.inputs['adf-duplex']).toEqual(caps.inputs.adf);
    expect(toScanCapabilities(caps)).toMatchObject({ sources: ['adf', 'adf-duplex', 'flatbed'], modes: ['color', 'gray', 'lineart'], duplex: true, maxAreaMm: { width: 216, height: 356 } });
  });

  it('asks for JPEG when offered, else the next format the station reads; A4 within the largest area', () => {
    const caps = parseEsclCapabilities(HP_LIKE);
    const base = { device: 'd', resolution: 300, mode: 'gray' as const, options: {}, workDir: '/tmp' };
    expect(scanSettingsFor({ ...base, source: 'flatbed' }, caps)).toMatchObject({ format: 'image/jpeg', width: 2480, height: 3508, colorMode: 'Grayscale8' });
    expect(scanSettingsFor({ ...base, source: 'adf-duplex' }, caps)).toMatchObject({ format: 'application/pdf', source: 'adf-duplex' });
    expect(() => scanSettingsFor({ ...base, source: 'adf', mode: 'lineart' }, caps)).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
  });

  it('writes settings XML that escapes what the scanner told us', () => {
    const xml = scanSettingsXml({ version: '2.6"<x>', source: 'adf', colorMode: 'RGB24', resolution: 300, format: 'image/jpeg', width: 2480, height: 3508 });
    expect(xml).toContain('<pwg:Version>2.6&#34;&#60;x&#62;</pwg:Version>');
    expect(xml).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
  });

  it('reads the feeder state from a status', () => {
    const s = parseEsclStatus('<?xml version="1.0"?><scan:ScannerStatus xmlns:scan="a" xmlns:pwg="b"><pwg:Version>2.0</pwg:Version><pwg:State>Idle</pwg:State><scan:AdfState>ScannerAdfJam</scan:AdfState></scan:ScannerStatus>');
    expect(s).toEqual({ state: 'Idle', adfState: 'ScannerAdfJam' });
  });
});
