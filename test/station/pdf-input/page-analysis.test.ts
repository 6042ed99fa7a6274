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
    const reason = async (content: string) => {
      const page = await analyze(content);
      return page.kind === 'complex' ? [page.reason, page.images.length] : page.kind;
    };
    expect(await reason('q 3 Tr Q /Im0 Do BT (seen) Tj ET')).toEqual(['visible text', 1]);
    expect(await reason('/Im0 Do 0 0 10 10 re f')).toEqual(['vector drawing', 1]);
    expect(await reason('/Im0 Do /Im0 Do')).toEqual(['several images', 2]);
    expect(await reason('0 0 10 10 re f /Im0 Do /Im0 Do /Im0 Do')).toEqual(['vector drawing', 3]); // every image is listed, for the rendering
    expect(await reason('/Im9 Do')).toEqual(['missing XObject Im9', 0]);
    expect(await reason('')).toEqual(['no image on the page', 0]);
  });

  it('a stencil mask shows the scan only when painted in black; transparency is refused', async () => {
    const doc = await PDFDocument.create();
    const mask = doc.context.register(doc.context.stream(new Uint8Array(2), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ImageMask: true } as never));
    const resources = doc.context.obj({
      XObject: { Im0: mask },
      ColorSpace: { CS0: 'DeviceRGB' },
      ExtGState: { GS0: { ca: 0.5 }, GS1: { SMask: 'None', BM: 'Normal' } },
    }) as PDFDict;
    const reason = (content: string) => {
      const page = analyzePageContent(doc.context, new TextEncoder().encode(content), resources, (s) => decodeContentStream(doc.context, s));
      return page.kind === 'complex' ? page.reason : page.kind;
    };
    const colour = 'stencil mask painted in a colour or a pattern';
    expect(['/Im0 Do', '0 g /Im0 Do', '0 0 0 rg /Im0 Do', '0 0 0 1 k /Im0 Do', '/CS0 cs 0 0 0 sc /Im0 Do', '/DeviceGray cs /Im0 Do', '/GS1 gs /Im0 Do'].map(reason)).toEqual(
      Array(7).fill('single-image'),
    );
    expect(['0.5 g /Im0 Do', '1 0 0 rg /Im0 Do', '/Pattern cs /P0 scn /Im0 Do', '/CS0 cs 0 0 1 scn /Im0 Do', 'q 1 g Q 0.2 g /Im0 Do'].map(reason)).toEqual(Array(5).fill(colour));
    expect(reason('q 1 0 0 rg Q /Im0 Do')).toBe('single-image'); // the colour ended with Q
    expect(reason('/GS0 gs /Im0 Do')).toBe('transparency');
  });
});

describe('page content analysis on hostile pages', () => {
  it('forms drawing forms 50 times over, four deep (6 million draws), are walked only so far', async () => {
    const doc = await PDFDocument.create();
    const image = doc.context.register(doc.context.stream(new Uint8Array(4), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2 } as never));
    let inner = doc.context.register(doc.context.stream('0 0 1 1 re f /Im0 Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1] } as never));
    for (let level = 0; level < 4; level++) {
      const body = Array(50).fill('/F Do').join(' ');
      const resources = { XObject: { F: inner, Im0: image } };
      inner = doc.context.register(doc.context.stream(body, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1], Resources: resources } as never));
    }
    const resources = doc.context.obj({ XObject: { F: inner } }) as PDFDict;
    const page = analyzePageContent(doc.context, new TextEncoder().encode('/F Do'), resources, (s) => decodeContentStream(doc.context, s));
    expect(page.kind === 'complex' && [page.reason, page.images.length <= 2_000]).toEqual(['vector drawing', true]);
  });
});

describe('image placement', () => {
  const box: PageBox = { x: 0, y: 0, width: 612, height: 792, rotate: 0, userUnit: 1 };

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
