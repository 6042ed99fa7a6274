import { PDFDocument } from 'pdf-lib';
import { A4, OCR_LAYER, setContent } from './build-pdf.ts';

/** RC4, as the PDF Standard security handler (revisions 2–4) uses it. */
function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

/**
 * A PDF 1.5 file as a password-protecting tool writes it: objects packed in object streams whose
 * data is RC4-encrypted, an /Encrypt dictionary in the trailer (cross-reference stream). A reader that
 * parses the object streams without decrypting them sees garbage, which is what made pdf-lib print
 * «Trying to parse invalid object…». The key is arbitrary: the file is meant to be refused, not read.
 */
export async function encryptedPdf(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) await setContent(doc, doc.addPage(A4), OCR_LAYER);
  const text = Buffer.from(await doc.save({ useObjectStreams: true })).toString('latin1');
  const key = Uint8Array.from([0x5e, 0x11, 0xa7, 0x3c, 0x90]);
  let encrypted = text.replace(/(\/Type \/ObjStm[^]*?stream\n)([^]*?)(\nendstream)/g, (_m, head: string, body: string, tail: string) => {
    return head + Buffer.from(rc4(key, Buffer.from(body, 'latin1'))).toString('latin1') + tail;
  });
  const xrefDict = /\/Type \/XRef/;
  if (!xrefDict.test(encrypted)) throw new Error('encryptedPdf: pdf-lib wrote no cross-reference stream');
  // The cross-reference stream is the last object: growing its dictionary moves no other object.
  const entry = '/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -3904 >>';
  encrypted = encrypted.replace(/\/Type \/XRef/, `/Type /XRef ${entry}`);
  return Buffer.from(encrypted, 'latin1');
}
