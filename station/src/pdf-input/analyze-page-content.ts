import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext } from 'pdf-lib';
import { ContentLexer, type ContentToken } from './content-lexer.ts';
import { MAX_FORM_DEPTH } from './limits.ts';
import { multiply, IDENTITY, type Matrix } from './page-geometry.ts';
import { dictAt, nameAt, numbersOf } from './pdf-values.ts';

/** What a page draws: exactly one image (where), or something else (why it is not a scanner page). */
export type PageContent = { kind: 'single-image'; image: PDFRawStream; ctm: Matrix } | { kind: 'complex'; reason: string };

/** Decodes a content stream (its filters), bounded. */
export type StreamDecoder = (stream: PDFRawStream) => Uint8Array;

interface GraphicsState {
  ctm: Matrix;
  textRenderMode: number;
}

/** Thrown inside the walk to stop at the first sign that the page is not a single image. */
class NotSingleImage extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const PAINT_OPERATORS = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const TEXT_SHOW_OPERATORS = new Set(['Tj', 'TJ', "'", '"']);
/** Render modes 3 (invisible, what OCR layers use) and 7 (clip only) put no ink on the page. */
const INVISIBLE_TEXT_MODES = new Set([3, 7]);

/**
 * Walks the page's content (and the Form XObjects it draws) and finds whether it draws exactly
 * one image XObject and nothing visible besides: invisible OCR text, clipping paths and state
 * changes are allowed; visible text, vector painting, inline images and a second image are not.
 */
export function analyzePageContent(context: PDFContext, content: Uint8Array, resources: PDFDict | undefined, decode: StreamDecoder): PageContent {
  const found: { image: PDFRawStream; ctm: Matrix }[] = [];
  try {
    walk(context, content, resources, { ctm: IDENTITY, textRenderMode: 0 }, decode, found, 0, new Set());
  } catch (err) {
    if (err instanceof NotSingleImage) return { kind: 'complex', reason: err.reason };
    throw err;
  }
  const only = found[0];
  if (!only) return { kind: 'complex', reason: 'no image on the page' };
  return { kind: 'single-image', image: only.image, ctm: only.ctm };
}

function walk(
  context: PDFContext,
  content: Uint8Array,
  resources: PDFDict | undefined,
  initial: GraphicsState,
  decode: StreamDecoder,
  found: { image: PDFRawStream; ctm: Matrix }[],
  depth: number,
  forms: Set<PDFRawStream>,
): void {
  const lexer = new ContentLexer(content);
  const stack: GraphicsState[] = [];
  let state: GraphicsState = { ...initial };
  const operands: ContentToken[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type !== 'operator') {
      if (operands.length >= 64) operands.shift(); // malformed content: keep the operands nearest the operator
      operands.push(token);
      continue;
    }
    const op = token.value;
    if (op === 'q') stack.push({ ...state });
    else if (op === 'Q') state = stack.pop() ?? state;
    else if (op === 'cm') {
      const m = numericOperands(operands, 6);
      if (m) state.ctm = multiply(m as unknown as Matrix, state.ctm);
    } else if (op === 'Tr') {
      const mode = numericOperands(operands, 1);
      if (mode) state.textRenderMode = mode[0]!;
    } else if (TEXT_SHOW_OPERATORS.has(op)) {
      if (!INVISIBLE_TEXT_MODES.has(state.textRenderMode)) throw new NotSingleImage('visible text');
    } else if (PAINT_OPERATORS.has(op)) {
      throw new NotSingleImage('vector drawing');
    } else if (op === 'BI') {
      throw new NotSingleImage('inline image');
    } else if (op === 'Do') {
      const name = operands.at(-1);
      if (name?.type !== 'name') throw new NotSingleImage('Do without a name');
      drawXObject(name.value);
    }
    operands.length = 0;
  }

  function drawXObject(name: string): void {
    const xobjects = resources ? dictAt(context, resources, 'XObject') : undefined;
    const ref = xobjects?.get(PDFName.of(name));
    const stream = ref instanceof PDFRef || ref instanceof PDFRawStream ? context.lookup(ref) : undefined;
    if (!(stream instanceof PDFRawStream)) throw new NotSingleImage(`missing XObject ${name}`);
    const subtype = nameAt(context, stream.dict, 'Subtype');
    if (subtype === 'Image') {
      found.push({ image: stream, ctm: state.ctm });
      if (found.length > 1) throw new NotSingleImage('several images');
    } else if (subtype === 'Form') {
      if (depth >= MAX_FORM_DEPTH || forms.has(stream)) throw new NotSingleImage('form XObjects nested too deep');
      const matrix = numbersOf(context, stream.dict.get(PDFName.of('Matrix')));
      const formCtm = matrix?.length === 6 ? multiply(matrix as unknown as Matrix, state.ctm) : state.ctm;
      const formResources = dictAt(context, stream.dict, 'Resources') ?? resources;
      forms.add(stream);
      walk(context, decode(stream), formResources, { ...state, ctm: formCtm }, decode, found, depth + 1, forms);
      forms.delete(stream);
    } else if (subtype !== 'PS') {
      throw new NotSingleImage(`XObject of subtype ${subtype ?? 'none'}`);
    }
  }
}

function numericOperands(operands: ContentToken[], count: number): number[] | undefined {
  if (operands.length < count) return undefined;
  const out: number[] = [];
  for (const t of operands.slice(-count)) {
    if (t.type !== 'number') return undefined;
    out.push(t.value);
  }
  return out;
}
