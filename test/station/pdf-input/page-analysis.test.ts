import { PDFDocument, type PDFDict } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { analyzePageContent } from '../../../station/src/pdf-input/analyze-page-content.ts';
import { ContentLexer, type ContentToken } from '../../../station/src/pdf-input/content-lexer.ts';
import { decodeContentStream } from '../../../station/src/pdf-input/page-description.ts';
import { placeImage, type PageBox } from '../../../station/src/pdf-input/page-geometry.ts';

const tokens = (text: string): ContentToken[] => {
  const lexer = new ContentLexer(new TextEncoder().encode(text));
  const out: ContentToken[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) out.push(t);
  return out;
};

describe('content stream lexer', () => {
  it('keeps numbers, names and operators, and skips strings, arrays and dictionaries whole', () => {
    const text = '/Na#20me (a\\)b(c)) [ (x]) <0A> 1 ] <</K [1 2] /S (>>)>> BDC -1.5 .5 +3 cm % comment Do\n EMC';
    expect(tokens(text)).toEqual([
      { type: 'name', value: 'Na me' },
      { type: 'operand' },
      { type: 'operand' },
      { type: 'operand' },
      { type: 'operator', value: 'BDC' },
      { type: 'number', value: -1.5 },
      { type: 'number', value: 0.5 },
      { type: 'number', value: 3 },
      { type: 'operator', value: 'cm' },
      { type: 'operator', value: 'EMC' },
    ]);
  });
});

describe('page content analysis', () => {
  async function analyze(content: string) {
    const doc = await PDFDocument.create();
    const image = doc.context.register(doc.context.stream(new Uint8Array(4), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2 } as never));
    const resources = doc.context.obj({ XObject: { Im0: image } }) as PDFDict;
    return analyzePageContent(doc.context, new TextEncoder().encode(content), resources, (s) => decodeContentStream(doc.context, s));
  }

  it('accepts marked content, clipping and invisible text around one image', async () => {
    const page = await analyze('/P <</MCID 0>> BDC q 0 0 100 100 re W n 100 0 0 50 10 20 cm /Im0 Do Q EMC BT 7 Tr (clip) Tj ET BT 3 Tr (ocr) Tj ET');
    expect(page.kind === 'single-image' && page.ctm).toEqual([100, 0, 0, 50, 10, 20]);
  });

  it('restores the text render mode with Q, and refuses painting, a second image or a missing one', async () => {
    expect(await analyze('q 3 Tr Q /Im0 Do BT (seen) Tj ET')).toEqual({ kind: 'complex', reason: 'visible text' });
    expect(await analyze('/Im0 Do 0 0 10 10 re f')).toEqual({ kind: 'complex', reason: 'vector drawing' });
    expect(await analyze('/Im0 Do /Im0 Do')).toEqual({ kind: 'complex', reason: 'several images' });
    expect(await analyze('/Im9 Do')).toEqual({ kind: 'complex', reason: 'missing XObject Im9' });
    expect(await analyze('')).toEqual({ kind: 'complex', reason: 'no image on the page' });
  });
});

describe('image placement', () => {
  const box: PageBox = { width: 612, height: 792, rotate: 0, userUnit: 1 };

  it('turns the drawing transform into dpi and a quarter turn', () => {
    expect(placeImage([612, 0, 0, 792, 0, 0], 2550, 3300, box)).toEqual({ dpiX: 300, dpiY: 300, rotation: 0 });
    expect(placeImage([-612, 0, 0, -792, 612, 792], 1700, 2200, box)).toEqual({ dpiX: 200, dpiY: 200, rotation: 180 });
    // A landscape image stored sideways on a portrait page: its x axis runs down the page.
    expect(placeImage([0, -792, 612, 0, 0, 792], 2200, 1700, box)).toEqual({ dpiX: 200, dpiY: 200, rotation: 90 });
    expect(placeImage([0, -792, 612, 0, 0, 792], 2200, 1700, { ...box, rotate: 90 })).toEqual({ dpiX: 200, dpiY: 200, rotation: 180 });
    expect(placeImage([306, 0, 0, 396, 0, 0], 2550, 3300, { ...box, userUnit: 2 })).toEqual({ dpiX: 300, dpiY: 300, rotation: 0 });
  });

  it('falls back to the page box for a degenerate transform, and refuses skew and mirroring', () => {
    expect(placeImage([1, 0, 0, 1, 0, 0], 2550, 3300, box)).toEqual({ dpiX: 300, dpiY: 300, rotation: 0 });
    expect(placeImage([612, 100, 0, 792, 0, 0], 2550, 3300, box)).toBeUndefined();
    expect(placeImage([-612, 0, 0, 792, 612, 0], 2550, 3300, box)).toBeUndefined();
  });
});
