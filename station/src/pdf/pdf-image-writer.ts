/**
 * Streaming writer of image-only PDFs: each page (one image, drawn full-page) goes to disk as it
 * arrives, so memory does not grow with document length, and compressed image data (JPEG, CCITT G4,
 * JBIG2 with its globals) is copied as is. pdf-lib is used elsewhere (reading PDFs, text sheets); it keeps a whole document
 * in memory and re-serialises it, which this writer avoids for per-document scan output.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { diskError } from '../fs/fs-errors.ts';
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

/** The file operations the writer needs: a Node FileHandle, or a stand-in that fails on purpose (tests). */
export type PdfFile = Pick<FileHandle, 'writev' | 'sync' | 'close'>;
/** Creates a file that must not exist yet (`wx`) and opens it for writing. */
export type CreatePdfFile = (path: string) => Promise<PdfFile>;
const createNew: CreatePdfFile = (p) => open(p, 'wx');

/**
 * A failed create, write, sync or close as a StationError naming the file: a disk's own code (DISK_FULL,
 * FILE_ACCESS_DENIED, READ_ONLY_FS) when it is one, else OUTPUT_FAILED.
 */
function writeFailure(err: unknown, file: string): unknown {
  if (isStationError(err)) return err;
  const errno = (err as NodeJS.ErrnoException | null)?.code;
  if (errno === 'EEXIST') {
    return new StationError('OUTPUT_FAILED', `Fișierul „${basename(file)}” există deja; nu a fost suprascris și documentul nu a fost salvat. Reluați lotul.`, { path: file, errno }, { cause: err });
  }
  return (
    diskError(err, { path: file, writing: true }) ??
    new StationError('OUTPUT_FAILED', `Fișierul „${basename(file)}” nu a putut fi scris pe disc; documentul nu a fost salvat. Verificați discul, apoi reluați lotul.`, { path: file, errno }, { cause: err })
  );
}

/**
 * One failure ends the document: after a failed write or fsync nothing proves what the file holds
 * (the kernel may have dropped the dirty pages and cleared the error, so a second fsync "succeeds"
 * on data that never reached the disk), so every later `addPage` or `finish` refuses and only `abort`
 * is left: the caller removes the file and the batch is rolled back. Never a success reported on a
 * file a failure came between.
 */
export class PdfImageWriter {
  private offset = 0;
  /** Bytes already handed to the file (the next write goes there). */
  private flushed = 0;
  private xref: number[] = []; // index = object number - 1
  private readonly kids: number[] = [];
  private nextObj = 4; // 1 catalog, 2 pages, 3 info
  private readonly hash: Hash = createHash('sha256');
  /**
   * Streams already written, by content (dictionary and data): a JBIG2Globals stream, or a JBIG2 image that
   * several pages show (a JBIG2 image a scanner PDF draws on several pages), is written once and shared.
   */
  private readonly written = new Map<string, number>();
  /** Other images (JPEG, G4, Flate pages, one per page as a rule) shared only when they are the very same bytes: no hash of a megabyte a page. */
  private readonly writtenData = new WeakMap<Uint8Array, { dict: string; num: number }>();
  private closed = false;
  /** The first failure of a write, sync or close: the writer refuses everything but `abort` after it. */
  private failure: unknown = null;
  /** Bytes queued (and already hashed and counted in `offset`) for the next `flush`: a page goes to the file in one writev, not seven writes. */
  private pending: Uint8Array[] = [];

  private constructor(private readonly fh: PdfFile, readonly path: string) {}

  /**
   * Creates `path` (never overwriting a file) with the PDF header; a file this call created and could
   * not write is closed and removed. `createFile`: how the file is made (tests inject failures here).
   */
  static async create(path: string, createFile: CreatePdfFile = createNew): Promise<PdfImageWriter> {
    const fh = await createFile(path).catch((err: unknown) => Promise.reject(writeFailure(err, path)));
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

  /** Refuses a closed writer, and one a failure came before (its file proves nothing). */
  private usable(): void {
    if (this.closed) throw new Error('PdfImageWriter: closed');
    if (this.failure !== null) {
      throw new StationError('OUTPUT_FAILED', `Fișierul „${basename(this.path)}” nu a fost scris complet (o scriere pe disc a eșuat); documentul nu poate fi continuat.`, { path: this.path }, { cause: this.failure });
    }
  }

  /** Runs one operation on the file; its failure is the writer's last word (see the class). */
  private async io<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      this.failure = err;
      throw writeFailure(err, this.path);
    }
  }

  private queue(buf: Uint8Array): void {
    this.pending.push(buf);
    this.hash.update(buf);
    this.offset += buf.length;
  }

  /**
   * Writes what is queued, in order, at its place in the file (a short write continues where it
   * stopped; a write that lands nothing is a failure, not a loop).
   */
  private async flush(): Promise<void> {
    const bufs = this.pending.filter((b) => b.length > 0);
    this.pending = [];
    await this.io(async () => {
      while (bufs.length > 0) {
        let { bytesWritten } = await this.fh.writev(bufs, this.flushed);
        if (!(bytesWritten > 0)) throw Object.assign(new Error(`writev wrote ${bytesWritten} bytes`), { code: 'EIO', syscall: 'writev' });
        this.flushed += bytesWritten;
        while (bufs.length > 0 && bytesWritten >= bufs[0]!.length) bytesWritten -= bufs.shift()!.length;
        if (bytesWritten > 0) bufs[0] = bufs[0]!.subarray(bytesWritten);
      }
    });
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
    this.usable();
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
    return num;
  }

  /**
   * Writes the trailer, fsyncs and closes; returns the file's SHA-256 and size. A failure of any of
   * these (or of an earlier write) rejects, now and on any later call: the caller aborts.
   */
  async finish(info: PdfInfo): Promise<{ sha256: string; bytes: number; pages: number }> {
    this.usable();
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
    await this.flush();
    await this.io(() => this.fh.sync());
    this.closed = true;
    // a close can report a write the kernel could not complete (NFS): the document is then not saved either
    await this.io(() => this.fh.close());
    return { sha256: this.hash.digest('hex'), bytes: this.offset, pages: this.kids.length };
  }

  /** Closes without finishing (the caller removes the file); the one call left after a failure. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => {});
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
