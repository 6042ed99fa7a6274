import { PDFDict, type PDFContext } from 'pdf-lib';
import { ascii85Decode, asciiHexDecode } from './ascii-filters.ts';
import { inflateBounded } from './flate-decode.ts';
import { lzwDecode } from './lzw-decode.ts';
import { PdfInputProblem } from './pdf-input-problem.ts';
import { arrayItems, entry, nameOf, numberAt } from './pdf-values.ts';
import { undoPredictor } from './predictor.ts';
import { runLengthDecode } from './run-length-decode.ts';

/** One filter of a stream with its /DecodeParms entry. */
export interface FilterStep {
  name: string;
  parms: PDFDict | undefined;
}

/** Image codecs that this reader hands on (JPEG, CCITT) or leaves to the renderer (JBIG2, JPEG 2000). */
export const IMAGE_CODECS = new Set(['DCTDecode', 'CCITTFaxDecode', 'JBIG2Decode', 'JPXDecode']);

const ABBREVIATIONS: Record<string, string> = {
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  LZW: 'LZWDecode',
  Fl: 'FlateDecode',
  RL: 'RunLengthDecode',
  CCF: 'CCITTFaxDecode',
  DCT: 'DCTDecode',
};

/** The /Filter chain of a stream dictionary (a name or an array), each with its parameters. */
export function readFilters(context: PDFContext, dict: PDFDict): FilterStep[] {
  const filter = entry(context, dict, 'Filter');
  if (filter === undefined) return [];
  const names = arrayItems(context, filter) ?? [filter];
  const parmsObj = entry(context, dict, 'DecodeParms') ?? entry(context, dict, 'DP');
  const parmsList = arrayItems(context, parmsObj) ?? [parmsObj];
  return names.map((n, i) => {
    const name = nameOf(context, n);
    if (name === undefined) throw new PdfInputProblem('INPUT_CORRUPT', 'filtrul de decodare al imaginii nu este valid');
    const parms = parmsList[i];
    return { name: ABBREVIATIONS[name] ?? name, parms: parms instanceof PDFDict ? parms : undefined };
  });
}

/**
 * Applies general-purpose filters in order. `maxOutput` bounds every step: a chain of filters
 * cannot expand past it, however the data was crafted.
 */
export function applyFilters(context: PDFContext, data: Uint8Array, steps: FilterStep[], maxOutput: number): Uint8Array {
  let current = data;
  for (const step of steps) current = applyFilter(context, current, step, maxOutput);
  return current;
}

function applyFilter(context: PDFContext, data: Uint8Array, step: FilterStep, maxOutput: number): Uint8Array {
  switch (step.name) {
    case 'FlateDecode':
      return predicted(context, inflateBounded(data, maxOutput), step.parms);
    case 'LZWDecode': {
      const early = step.parms ? numberAt(context, step.parms, 'EarlyChange') : undefined;
      return predicted(context, lzwDecode(data, early === 0 ? 0 : 1, maxOutput), step.parms);
    }
    case 'ASCIIHexDecode':
      return asciiHexDecode(data);
    case 'ASCII85Decode':
      return ascii85Decode(data);
    case 'RunLengthDecode':
      return runLengthDecode(data, maxOutput);
    default:
      throw new PdfInputProblem('INPUT_UNSUPPORTED', `filtrul ${step.name} nu este acceptat`, { filter: step.name });
  }
}

function predicted(context: PDFContext, data: Uint8Array, parms: PDFDict | undefined): Uint8Array {
  if (!parms) return data;
  const predictor = numberAt(context, parms, 'Predictor') ?? 1;
  if (predictor <= 1) return data;
  return undoPredictor(data, {
    predictor,
    colors: numberAt(context, parms, 'Colors') ?? 1,
    bitsPerComponent: numberAt(context, parms, 'BitsPerComponent') ?? 8,
    columns: numberAt(context, parms, 'Columns') ?? 1,
  });
}
