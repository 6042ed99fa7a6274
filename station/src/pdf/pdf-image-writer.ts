/**
 * Streaming writer of image-only PDFs: each page (one image, drawn full-page) goes to disk as it
 * arrives, so memory does not grow with document length, and compressed image data (JPEG, CCITT G4,
 * JBIG2 with its globals) is copied as is. pdf-lib is used elsewhere (reading PDFs, text sheets); it keeps a whole document
 * in memory and re-serialises it, which this writer avoids for per-document scan output.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { EmbedImage } from '../pipeline/page-types.ts';

export interface PdfInfo {
  title: string;
  producer: string;
  creationDate: Date;
}

const enc = (s: string) => Buffer.from(s, 'latin1');

/** PDF text string: UTF-16BE with BOM, as hex (safe for any Unicode and any byte value). */
export function pdfTextString(text: string): string {
  const units: string[] = ['FEFF'];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase());
  return `<${units.join('')}>`;
}

export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** `globalsRef`: the object number of a JBIG2 image's /JBIG2Globals stream, written before it. */
function imageDict(img: EmbedImage, globalsRef?: number): string {
  const common = `/Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height}`;
  switch (img.filter) {
    case 'DCTDecode': {
      const cs = img.components === 1 ? '/DeviceGray' : img.components === 3 ? '/DeviceRGB' : '/DeviceCMYK';
      const decode = img.components === 4 && img.invertedCmyk ? ' /Decode [1 0 1 0 1 0 1 0]' : '';
      return `${common} /ColorSpace ${cs} /BitsPerComponent 8 /Filter /DCTDecode${decode}`;
    }
    case 'CCITTFaxDecode':
      return `${common} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K ${img.k} /Columns ${img.width} /Rows ${img.height} /BlackIs1 ${img.blackIs1}${img.encodedByteAlign ? ' /EncodedByteAlign true' : ''} >>`;
    case 'FlateDecode': {
      const cs = img.components === 1 ? '/DeviceGray' : '/DeviceRGB';
      return `${common} /ColorSpace ${cs} /BitsPerComponent ${img.bitsPerComponent} /Filter /FlateDecode`;
    }
    case 'JBIG2Decode':
      return `${common} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode${globalsRef ? ` /DecodeParms << /JBIG2Globals ${globalsRef} 0 R >>` : ''}${img.inverted ? ' /Decode [1 0]' : ''}`;
  }
}

export class PdfImageWriter {
  private offset = 0;
  /** Bytes on disk and part of the PDF: a page's or the trailer's writes either all land or are undone. */
  private committed = 0;
  private xref: number[] = []; // index = object number - 1
  private readonly kids: number[] = [];
  private nextObj = 4; // 1 catalog, 2 pages, 3 info
  private hash: Hash = createHash('sha256');
  /**
   * Streams already written, by content (dictionary and data): a JBIG2Globals stream, or a JBIG2 image that
   * several pages show (a JBIG2 image a scanner PDF draws on several pages), is written once and shared.
   */
  private readonly written = new Map<string, number>();
  /** Other images (JPEG, G4, Flate pages, one per page as a rule) shared only when they are the very same bytes: no hash of a megabyte a page. */
  private readonly writtenData = new WeakMap<Uint8Array, { dict: string; num: number }>();
  /** Streams first written by the page being added (forgotten again if its writes fail). */
  private newlyShared: { key?: string; data?: Uint8Array }[] = [];
  /** The state at `committed`, to go back to. */
  private saved = { xref: 0, nextObj: 4, hash: createHash('sha256') };
  private closed = false;
  /** Bytes queued (and already hashed and counted in `offset`) for the next `flush`: a page goes to the file in one writev, not seven writes. */
  private pending: Uint8Array[] = [];

  private constructor(private readonly fh: FileHandle, readonly path: string) {}

  /** Creates `path` (never overwriting a file) with the PDF header; a file this call created and could not write is closed and removed. */
  static async create(path: string): Promise<PdfImageWriter> {
    const fh = await open(path, 'wx');
    const w = new PdfImageWriter(fh, path);
    try {
      w.queue(Buffer.concat([enc('%PDF-1.7\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), enc('\n')]));
      await w.flush();
    } catch (err) {
      await fh.close().catch(() => {});
      await rm(path, { force: true }).catch(() => {});
      throw err;
    }
    return w;
  }

  get pageCount(): number {
    return this.kids.length;
  }

  private queue(buf: Uint8Array): void {
    this.pending.push(buf);
    this.hash.update(buf);
    this.offset += buf.length;
  }

  /**
   * Writes what is queued, in order, at its place in the file (a short write continues where it
   * stopped). Either all of it lands, or the writer is as it was at the last flush: offsets, objects,
   * hash and shared streams rolled back, the file cut back to its committed size; the caller may then
   * retry the page, finish without it, or abort — never a PDF whose xref points at bytes not there.
   */
  private async flush(): Promise<void> {
    let bufs = this.pending;
    this.pending = [];
    let at = this.committed;
    try {
      while (bufs.length > 0) {
        let { bytesWritten } = await this.fh.writev(bufs, at);
        at += bytesWritten;
        while (bufs.length > 0 && bytesWritten >= bufs[0]!.length) bytesWritten -= bufs.shift()!.length;
        if (bytesWritten > 0) bufs[0] = bufs[0]!.subarray(bytesWritten);
      }
    } catch (err) {
      this.rollBack();
      // the part that did land is cut off (later writes go to their own positions and finish cuts the file to its end anyway)
      await this.fh.truncate(this.committed).catch(() => {});
      throw err;
    }
    this.commit();
  }

  /** What was queued since the last flush is now on disk. */
  private commit(): void {
    this.committed = this.offset;
    this.saved = { xref: this.xref.length, nextObj: this.nextObj, hash: this.hash.copy() };
    this.newlyShared = [];
  }

  /** Forgets what was queued since the last flush. */
  private rollBack(): void {
    this.pending = [];
    this.offset = this.committed;
    this.xref.length = this.saved.xref;
    this.nextObj = this.saved.nextObj;
    this.hash = this.saved.hash.copy();
    for (const s of this.newlyShared) {
      if (s.key !== undefined) this.written.delete(s.key);
      if (s.data) this.writtenData.delete(s.data);
    }
    this.newlyShared = [];
  }

  /** Queues one object (the caller flushes). */
  private object(num: number, body: Uint8Array | string, stream?: Uint8Array): void {
    this.xref[num - 1] = this.offset;
    const head = typeof body === 'string' ? enc(body) : body;
    if (stream) {
      this.queue(Buffer.concat([enc(`${num} 0 obj\n`), head, enc('\nstream\n')]));
      this.queue(stream);
      this.queue(enc('\nendstream\nendobj\n'));
    } else {
      this.queue(Buffer.concat([enc(`${num} 0 obj\n`), head, enc('\nendobj\n')]));
    }
  }

  /** Appends one page showing `img` at `dpiX`×`dpiY` (page size follows the image), turned `rotation`° clockwise. */
  async addPage(img: EmbedImage, dpiX: number, dpiY: number, rotation: 0 | 90 | 180 | 270 = 0): Promise<void> {
    if (this.closed) throw new Error('PdfImageWriter: closed');
    const wPt = round2((img.width * 72) / dpiX);
    const hPt = round2((img.height * 72) / dpiY);
    const globalsRef = img.filter === 'JBIG2Decode' && img.globals ? this.sharedStream('', img.globals) : undefined;
    const imgNum = img.filter === 'JBIG2Decode' ? this.sharedStream(imageDict(img, globalsRef), img.data) : this.sameBytesStream(imageDict(img, globalsRef), img.data);
    const contentNum = this.nextObj++;
    const pageNum = this.nextObj++;
    const content = enc(`q ${wPt} 0 0 ${hPt} 0 0 cm /Im0 Do Q`);
    this.object(contentNum, `<< /Length ${content.length} >>`, content);
    this.object(
      pageNum,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${wPt} ${hPt}]${rotation ? ` /Rotate ${rotation}` : ''} /Resources << /XObject << /Im0 ${imgNum} 0 R >> >> /Contents ${contentNum} 0 R >>`,
    );
    await this.flush();
    this.kids.push(pageNum);
  }

  /** The object number of a stream with this dictionary (entries besides /Length) and data, written if new. */
  private sharedStream(dict: string, data: Uint8Array): number {
    const key = createHash('sha256').update(dict).update('\0').update(data).digest('hex');
    let num = this.written.get(key);
    if (num === undefined) {
      num = this.nextObj++;
      this.object(num, `<< ${dict}${dict ? ' ' : ''}/Length ${data.length} >>`, data);
      this.written.set(key, num);
      this.newlyShared.push({ key });
    }
    return num;
  }

  /** The object number of a stream already written from these very bytes with this dictionary, else a new one. */
  private sameBytesStream(dict: string, data: Uint8Array): number {
    const known = this.writtenData.get(data);
    if (known && known.dict === dict) return known.num;
    const num = this.nextObj++;
    this.object(num, `<< ${dict} /Length ${data.length} >>`, data);
    this.writtenData.set(data, { dict, num });
    this.newlyShared.push({ data });
    return num;
  }

  /**
   * Writes the trailer, fsyncs and closes; returns the file's SHA-256 and size. If the trailer cannot
   * be written or synced, the writer stays open as it was (the caller retries or aborts).
   */
  async finish(info: PdfInfo): Promise<{ sha256: string; bytes: number; pages: number }> {
    if (this.closed) throw new Error('PdfImageWriter: closed');
    this.object(2, `<< /Type /Pages /Count ${this.kids.length} /Kids [${this.kids.map((k) => `${k} 0 R`).join(' ')}] >>`);
    this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    this.object(
      3,
      `<< /Title ${pdfTextString(info.title)} /Producer ${pdfTextString(info.producer)} /CreationDate (${pdfDate(info.creationDate)}) /ModDate (${pdfDate(info.creationDate)}) >>`,
    );
    const xrefAt = this.offset;
    const rows = [`xref\n0 ${this.nextObj}\n`, '0000000000 65535 f \n'];
    for (let i = 0; i < this.nextObj - 1; i++) rows.push(`${String(this.xref[i] ?? 0).padStart(10, '0')} 00000 n \n`);
    const id = createHash('md5').update(this.path).update(String(info.creationDate.getTime())).digest('hex');
    rows.push(`trailer\n<< /Size ${this.nextObj} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    this.queue(enc(rows.join('')));
    const before = { committed: this.committed, saved: this.saved };
    await this.flush();
    try {
      await this.fh.truncate(this.offset); // nothing of an undone write may follow %%EOF
      await this.fh.sync();
    } catch (err) {
      // the trailer is not known to be on disk: back to before it
      this.committed = before.committed;
      this.saved = before.saved;
      this.rollBack();
      await this.fh.truncate(this.committed).catch(() => {});
      throw err;
    }
    this.closed = true;
    await this.fh.close();
    return { sha256: this.hash.digest('hex'), bytes: this.offset, pages: this.kids.length };
  }

  /** Closes without finishing (the caller removes the file). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => {});
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
