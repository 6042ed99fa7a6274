import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext } from 'pdf-lib';
import { ContentLexer, type ContentToken } from './content-lexer.ts';
import { MAX_FORM_DEPTH } from './limits.ts';
import { multiply, IDENTITY, type Matrix } from './page-geometry.ts';
import { boolAt, dictAt, entry, nameAt, nameOf, numberAt, numbersOf } from './pdf-values.ts';

/** An image XObject the page draws, with the transform it is drawn with. */
export interface DrawnImage {
  image: PDFRawStream;
  ctm: Matrix;
}

/**
 * What a page draws: exactly one image (where), or something else: why it is not a scanner page,
 * with every image XObject it draws (for the resolution and tone of its rendering).
 */
export type PageContent = ({ kind: 'single-image' } & DrawnImage) | { kind: 'complex'; reason: string; images: DrawnImage[] };

/** Decodes a content stream (its filters), bounded. */
export type StreamDecoder = (stream: PDFRawStream) => Uint8Array;

interface GraphicsState {
  ctm: Matrix;
  textRenderMode: number;
  /** The fill colour is plain black (what a stencil mask is painted with when it shows the scan as it is). */
  fillBlack: boolean;
  /** Components of the current fill colour space (0: a pattern or a space whose black is not known). */
  fillComponents: number;
}

/** Stops the walk: nothing after an inline image can be read reliably. */
class StopWalk extends Error {}

const PAINT_OPERATORS = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const TEXT_SHOW_OPERATORS = new Set(['Tj', 'TJ', "'", '"']);
/** Render modes 3 (invisible, what OCR layers use) and 7 (clip only) put no ink on the page. */
const INVISIBLE_TEXT_MODES = new Set([3, 7]);
const DEVICE_COMPONENTS: Record<string, number> = { DeviceGray: 1, G: 1, DeviceRGB: 3, RGB: 3, DeviceCMYK: 4, CMYK: 4 };

/**
 * Walks the page's content (and the Form XObjects it draws) and finds whether it draws exactly
 * one image XObject and nothing visible besides: invisible OCR text, clipping paths and state
 * changes are allowed; visible text, vector painting, inline images, a second image, a stencil
 * mask painted in anything but black, and transparency are not.
 */
export function analyzePageContent(context: PDFContext, content: Uint8Array, resources: PDFDict | undefined, decode: StreamDecoder): PageContent {
  const walk = new ContentWalk(context, decode);
  try {
    walk.run(content, resources, { ctm: IDENTITY, textRenderMode: 0, fillBlack: true, fillComponents: 1 }, 0);
  } catch (err) {
    if (!(err instanceof StopWalk)) throw err;
  }
  const only = walk.images[0];
  if (!walk.reason && walk.images.length === 1 && only) return { kind: 'single-image', ...only };
  return { kind: 'complex', reason: walk.reason ?? (only ? 'several images' : 'no image on the page'), images: walk.images };
}

/**
 * Bounds on the walk once the page is known not to be a single image (it goes on only to list the
 * images, for the rendering): a hostile page of forms drawing forms cannot make it run for ever.
 */
const MAX_OPERATORS = 2_000_000;
const MAX_FORM_CALLS = 2_000;
const MAX_IMAGES = 1_000;

class ContentWalk {
  readonly images: DrawnImage[] = [];
  /** The first sign that the page is not a single image. */
  reason: string | undefined;
  private readonly forms = new Set<PDFRawStream>();
  private operators = 0;
  private formCalls = 0;

  constructor(
    private readonly context: PDFContext,
    private readonly decode: StreamDecoder,
  ) {}

  private note(reason: string): void {
    this.reason ??= reason;
  }

  run(content: Uint8Array, resources: PDFDict | undefined, initial: GraphicsState, depth: number): void {
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
      if (++this.operators > MAX_OPERATORS && this.reason) throw new StopWalk();
      if (op === 'q') stack.push({ ...state });
      else if (op === 'Q') state = stack.pop() ?? state;
      else if (op === 'cm') {
        const m = numericOperands(operands, 6);
        if (m) state.ctm = multiply(m as unknown as Matrix, state.ctm);
      } else if (op === 'Tr') {
        const mode = numericOperands(operands, 1);
        if (mode) state.textRenderMode = mode[0]!;
      } else if (TEXT_SHOW_OPERATORS.has(op)) {
        if (!INVISIBLE_TEXT_MODES.has(state.textRenderMode)) this.note('visible text');
      } else if (PAINT_OPERATORS.has(op)) {
        this.note('vector drawing');
      } else if (op === 'BI') {
        this.note('inline image');
        throw new StopWalk();
      } else if (op === 'g' || op === 'rg' || op === 'k') {
        state.fillComponents = op === 'g' ? 1 : op === 'rg' ? 3 : 4;
        state.fillBlack = isBlack(numericOperands(operands, state.fillComponents), state.fillComponents);
      } else if (op === 'cs') {
        const name = operands.at(-1);
        state.fillComponents = name?.type === 'name' ? (this.deviceComponents(name.value, resources) ?? 0) : 0;
        state.fillBlack = state.fillComponents > 0; // a device space starts at black
      } else if (op === 'sc' || op === 'scn') {
        const named = operands.at(-1)?.type === 'name'; // a pattern
        state.fillBlack = !named && state.fillComponents > 0 && isBlack(numericOperands(operands, state.fillComponents), state.fillComponents);
      } else if (op === 'gs') {
        const name = operands.at(-1);
        if (name?.type === 'name' && this.transparent(name.value, resources)) this.note('transparency');
      } else if (op === 'Do') {
        const name = operands.at(-1);
        if (name?.type !== 'name') this.note('Do without a name');
        else this.drawXObject(name.value, resources, state, depth);
      }
      operands.length = 0;
    }
  }

  private drawXObject(name: string, resources: PDFDict | undefined, state: GraphicsState, depth: number): void {
    const { context } = this;
    const xobjects = resources ? dictAt(context, resources, 'XObject') : undefined;
    const ref = xobjects?.get(PDFName.of(name));
    const stream = ref instanceof PDFRef || ref instanceof PDFRawStream ? context.lookup(ref) : undefined;
    if (!(stream instanceof PDFRawStream)) return this.note(`missing XObject ${name}`);
    const subtype = nameAt(context, stream.dict, 'Subtype');
    if (subtype === 'Image') {
      if (this.images.length >= MAX_IMAGES) throw new StopWalk(); // a reason was noted long ago: several images
      this.images.push({ image: stream, ctm: state.ctm });
      if (this.images.length > 1) this.note('several images');
      if (boolAt(context, stream.dict, 'ImageMask') === true && !state.fillBlack) this.note('stencil mask painted in a colour or a pattern');
    } else if (subtype === 'Form') {
      if (depth >= MAX_FORM_DEPTH || this.forms.has(stream)) return this.note('form XObjects nested too deep');
      if (++this.formCalls > MAX_FORM_CALLS) {
        this.note('too many form XObjects');
        throw new StopWalk();
      }
      const matrix = numbersOf(context, stream.dict.get(PDFName.of('Matrix')));
      const formCtm = matrix?.length === 6 ? multiply(matrix as unknown as Matrix, state.ctm) : state.ctm;
      const formResources = dictAt(context, stream.dict, 'Resources') ?? resources;
      this.forms.add(stream);
      try {
        this.run(this.decode(stream), formResources, { ...state, ctm: formCtm }, depth + 1);
      } finally {
        this.forms.delete(stream);
      }
    } else if (subtype !== 'PS') {
      this.note(`XObject of subtype ${subtype ?? 'none'}`);
    }
  }

  /** Components of a fill colour space whose black is known (device spaces, directly or by resource name). */
  private deviceComponents(name: string, resources: PDFDict | undefined): number | undefined {
    if (DEVICE_COMPONENTS[name]) return DEVICE_COMPONENTS[name];
    const spaces = resources ? dictAt(this.context, resources, 'ColorSpace') : undefined;
    const named = spaces ? entry(this.context, spaces, name) : undefined;
    const direct = nameOf(this.context, named);
    return direct ? DEVICE_COMPONENTS[direct] : undefined;
  }

  /** An ExtGState that makes what follows translucent or blended (a soft mask, alpha below 1, a blend mode). */
  private transparent(name: string, resources: PDFDict | undefined): boolean {
    const { context } = this;
    const states = resources ? dictAt(context, resources, 'ExtGState') : undefined;
    const gs = states ? dictAt(context, states, name) : undefined;
    if (!gs) return false;
    const smask = entry(context, gs, 'SMask');
    if (smask !== undefined && nameOf(context, smask) !== 'None') return true;
    const alpha = Math.min(numberAt(context, gs, 'ca') ?? 1, numberAt(context, gs, 'CA') ?? 1);
    const blend = nameAt(context, gs, 'BM');
    return alpha < 1 || (blend !== undefined && blend !== 'Normal' && blend !== 'Compatible');
  }
}

function isBlack(values: number[] | undefined, components: number): boolean {
  if (!values) return false;
  if (components === 4) return values[3]! >= 1 || (values[0]! >= 1 && values[1]! >= 1 && values[2]! >= 1);
  return values.every((v) => v <= 0);
}

function numericOperands(operands: ContentToken[], count: number): number[] | undefined {
  if (count < 1 || operands.length < count) return undefined;
  const out: number[] = [];
  for (const t of operands.slice(-count)) {
    if (t.type !== 'number') return undefined;
    out.push(t.value);
  }
  return out;
}
