/**
 * eSCL (AirScan) XML: the scanner's ScannerCapabilities and ScannerStatus read into plain records,
 * and the ScanSettings a job is posted with. Parsed with fast-xml-parser, namespaces dropped, no
 * entities expanded; a document type declaration (the door to entity bombs) is refused outright.
 */
import { XMLParser } from 'fast-xml-parser';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ColorMode, ScanSource } from '../driver.ts';

/** What one input (platen, ADF simplex, ADF duplex) offers. */
export interface EsclInputCaps {
  /** eSCL colour modes: RGB24, Grayscale8, BlackAndWhite1, … */
  colorModes: string[];
  /** MIME types: image/jpeg, image/png, application/pdf, … */
  formats: string[];
  resolutions: number[];
  /** Largest area in 1/300 inch. */
  maxWidth: number;
  maxHeight: number;
}

export interface EsclCapabilities {
  version: string;
  makeAndModel: string;
  manufacturer: string;
  inputs: Partial<Record<ScanSource, EsclInputCaps>>;
}

export interface EsclStatus {
  /** pwg:State: Idle, Processing, Testing, Stopped, Down. */
  state: string;
  /** scan:AdfState (ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, …), '' when the scanner has no feeder or does not say. */
  adfState: string;
}

export const ESCL_MODES: Record<ColorMode, string> = { color: 'RGB24', gray: 'Grayscale8', lineart: 'BlackAndWhite1' };
/** Resolutions offered from a scanner's ResolutionRange (the usual ones inside it). */
const USUAL_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

const ARRAYS = new Set(['ColorMode', 'DocumentFormat', 'DocumentFormatExt', 'DiscreteResolution', 'SettingProfile', 'AdfOption', 'JobInfo']);
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

/** Parses one eSCL answer; anything not well-formed or with a DOCTYPE is the scanner's fault. */
function parseEsclXml(text: string, what: string): Node {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badXml(what, 'doctype');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw badXml(what, 'malformed');
  }
  if (typeof doc !== 'object' || doc === null) throw badXml(what, 'empty');
  return doc as Node;
}

function badXml(what: string, reason: string): StationError {
  return new StationError('IO_ERROR', 'Scanerul a trimis un răspuns de neînțeles. Verificați adresa scanerului din configurare și actualizați-i programul intern.', { what, reason });
}

const obj = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const int = (v: unknown): number => {
  const n = Number(text(v));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

function inputCaps(node: unknown): EsclInputCaps | undefined {
  const caps = obj(node);
  const profiles = list(obj(caps.SettingProfiles).SettingProfile).map(obj);
  if (profiles.length === 0) return undefined;
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const p of profiles) {
    for (const m of list(obj(p.ColorModes).ColorMode)) if (text(m)) colorModes.add(text(m));
    const f = obj(p.DocumentFormats);
    for (const m of [...list(f.DocumentFormat), ...list(f.DocumentFormatExt)]) if (text(m)) formats.add(text(m).toLowerCase());
    const supported = obj(p.SupportedResolutions);
    for (const r of list(obj(supported.DiscreteResolutions).DiscreteResolution).map(obj)) {
      const x = int(r.XResolution);
      if (x > 0 && x === int(r.YResolution)) resolutions.add(x);
    }
    const range = obj(obj(supported.ResolutionRange).XResolutionRange);
    const min = int(range.Min);
    const max = int(range.Max);
    if (min > 0 && max >= min) for (const d of USUAL_DPI) if (d >= min && d <= max) resolutions.add(d);
  }
  return {
    colorModes: [...colorModes],
    formats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
    maxWidth: int(caps.MaxWidth),
    maxHeight: int(caps.MaxHeight),
  };
}

export function parseEsclCapabilities(xml: string): EsclCapabilities {
  const root = obj(parseEsclXml(xml, 'ScannerCapabilities').ScannerCapabilities);
  const platen = inputCaps(obj(root.Platen).PlatenInputCaps);
  const adf = obj(root.Adf);
  const simplex = inputCaps(adf.AdfSimplexInputCaps);
  // some scanners name duplex only among the feeder's options and reuse the simplex capabilities
  const duplexOption = list(obj(adf.AdfOptions).AdfOption).some((o) => text(o) === 'Duplex');
  const duplex = inputCaps(adf.AdfDuplexInputCaps) ?? (duplexOption ? simplex : undefined);
  const inputs: EsclCapabilities['inputs'] = {};
  if (platen) inputs.flatbed = platen;
  if (simplex) inputs.adf = simplex;
  if (duplex) inputs['adf-duplex'] = duplex;
  if (Object.keys(inputs).length === 0) throw badXml('ScannerCapabilities', 'no-inputs');
  return {
    version: text(root.Version) || '2.63',
    makeAndModel: text(root.MakeAndModel).slice(0, 200),
    manufacturer: text(root.Manufacturer).slice(0, 100),
    inputs,
  };
}

export function parseEsclStatus(xml: string): EsclStatus {
  const root = obj(parseEsclXml(xml, 'ScannerStatus').ScannerStatus);
  return { state: text(root.State), adfState: text(root.AdfState) };
}

export interface ScanSettings {
  version: string;
  source: ScanSource;
  colorMode: string;
  resolution: number;
  format: string;
  /** Area in 1/300 inch. */
  width: number;
  height: number;
}

export function scanSettingsXml(s: ScanSettings): string {
  const input = s.source === 'flatbed' ? 'Platen' : 'Feeder';
  const duplex = s.source === 'flatbed' ? '' : `\n  <scan:Duplex>${s.source === 'adf-duplex'}</scan:Duplex>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>${escapeXml(s.version)}</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions pwg:MustHonor="false">
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${s.width}</pwg:Width><pwg:Height>${s.height}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>${input}</pwg:InputSource>${duplex}
  <scan:ColorMode>${escapeXml(s.colorMode)}</scan:ColorMode>
  <scan:XResolution>${s.resolution}</scan:XResolution>
  <scan:YResolution>${s.resolution}</scan:YResolution>
  <pwg:DocumentFormat>${escapeXml(s.format)}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${escapeXml(s.format)}</scan:DocumentFormatExt>
</scan:ScanSettings>
`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
