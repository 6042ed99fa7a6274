/**
 * Stage «read»: turns input files into a stream of raw pages in scan order. Multi-page TIFFs and
 * PDFs yield one raw page per page. Nothing is decoded here beyond the file structure.
 */
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import { parseTiff, type TiffIfd } from '../../imaging/tiff-structure.ts';
import { detectFormat } from '../../inputs/detect-format.ts';
import { sha256Hex } from '../../fs/sha256.ts';
import { readStamped, type FileStamp } from '../../fs/file-stamp.ts';
import type { PageContent } from '../../drivers/driver.ts';
import type { PdfPageImage } from '../../pdf-input/read-pdf-pages.ts';
import type { PageOrigin } from '../page-types.ts';

export type RawSource =
  /**
   * `onDisk`, JPEG only: the file's stamp when its bytes were read (`fs/file-stamp.ts`); the decode may
   * read the file itself again (libjpeg's DCT scaling, `jpeg-readers.ts`) only while the stamp holds.
   */
  | { format: 'jpeg'; bytes: Uint8Array; onDisk?: FileStamp }
  | { format: 'png' | 'pnm'; bytes: Uint8Array }
  | { format: 'tiff'; bytes: Uint8Array; ifd: TiffIfd; /** index among all IFDs (libvips' page number) */ page: number }
  | { format: 'pdf'; image: PdfPageImage };

/**
 * An input: a file, or a scanned page file with the resolution the scanner was asked for (PNM states
 * none) and, when its driver holds them, the file's bytes with their SHA-256 (taken as they are: the
 * file is neither read nor hashed again).
 */
export type PageInput = string | { file: string; dpi?: number; content?: PageContent };

export interface RawPage {
  seq: number;
  /** Resolution the scanner produced the page at, when its driver knows it; used when the file states none. */
  dpi?: number;
  origin: PageOrigin;
  /** «scan.tif, pagina 3» — how messages name this page. */
  label: string;
  source: RawSource;
}

export function pageLabel(file: string, pageInFile: number, pagesInFile: number): string {
  const name = path.basename(file);
  return pagesInFile > 1 ? `${name}, pagina ${pageInFile + 1}` : name;
}

export interface ReadPagesOptions {
  /** Number given to the first page (a resumed batch continues its numbering). */
  firstSeq?: number;
  /** Called once per file, after it is read and before its pages are yielded. */
  onFile?: (file: string, sha256: string, pages: number) => void | Promise<void>;
}

export async function* readPages(files: AsyncIterable<PageInput> | Iterable<PageInput>, opts: ReadPagesOptions = {}): AsyncGenerator<RawPage> {
  let seq = opts.firstSeq ?? 0;
  for await (const input of files) {
    const file = typeof input === 'string' ? input : input.file;
    const dpi = typeof input === 'string' ? undefined : input.dpi;
    const content = typeof input === 'string' ? undefined : input.content;
    const name = path.basename(file);
    let bytes: Uint8Array;
    let stamp: FileStamp | null;
    try {
      // the driver's bytes were written to this very file by the station (its copy in the batch's
      // folder): the stamp its writer took once they stood there, if it took one
      ({ bytes, stamp } = content ? { bytes: content.bytes, stamp: content.stamp ?? null } : await readStamped(file));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_FS_FILE_TOO_LARGE') {
        throw new StationError('INPUT_TOO_LARGE', `Fișierul „${name}” are 2 GB sau mai mult; stația nu citește un fișier atât de mare. Scanați documentul în mai multe fișiere sau la o rezoluție mai mică.`, { file }, { cause: err });
      }
      throw new StationError('INPUT_NOT_FOUND', `Fișierul „${name}” nu poate fi citit.`, { file }, { cause: err });
    }
    if (bytes.length === 0) throw new StationError('INPUT_EMPTY', `Fișierul „${name}” este gol (0 octeți).`, { file });
    const format = detectFormat(bytes.subarray(0, 1024));
    if (!format) throw new StationError('INPUT_UNSUPPORTED', `Fișierul „${name}” nu este o imagine sau un PDF acceptat (JPEG, PNG, TIFF, PNM, PDF).`, { file });
    const fileSha256 = content?.sha256 ?? sha256Hex(bytes);
    const withFile = (e: unknown): never => {
      if (e instanceof StationError) throw new StationError(e.code, e.message.includes(name) ? e.message : `${name}: ${e.message}`, { ...e.details, file }, { cause: e });
      throw e;
    };

    if (format === 'tiff') {
      let ifds: { ifd: TiffIfd; page: number }[] = [];
      try {
        ifds = parseTiff(bytes)
          .map((ifd, page) => ({ ifd, page }))
          .filter(({ ifd }) => (ifd.newSubfileType & 1) === 0); // skip reduced-resolution thumbnails
      } catch (e) {
        withFile(e);
      }
      if (ifds.length === 0) throw new StationError('INPUT_CORRUPT', `Fișierul „${name}” nu conține nicio pagină.`, { file });
      await opts.onFile?.(file, fileSha256, ifds.length);
      for (let i = 0; i < ifds.length; i++) {
        const origin = { file, pageInFile: i, pagesInFile: ifds.length, fileSha256 };
        yield { seq: seq++, dpi, origin, label: pageLabel(file, i, ifds.length), source: { format, bytes, ...ifds[i]! } };
      }
    } else if (format === 'pdf') {
      let pdf: Awaited<ReturnType<typeof import('../../pdf-input/read-pdf-pages.ts').openScannerPdf>> | undefined;
      try {
        const { openScannerPdf } = await import('../../pdf-input/read-pdf-pages.ts'); // loaded only for PDF inputs
        pdf = await openScannerPdf(bytes, name);
      } catch (e) {
        withFile(e);
      }
      if (!pdf || pdf.pageCount === 0) throw new StationError('INPUT_CORRUPT', `Fișierul „${name}” nu conține nicio pagină.`, { file });
      await opts.onFile?.(file, fileSha256, pdf.pageCount);
      try {
        for (let i = 0; i < pdf.pageCount; i++) {
          let image: PdfPageImage | undefined;
          try {
            image = await pdf.page(i);
          } catch (e) {
            withFile(e);
          }
          const origin = { file, pageInFile: i, pagesInFile: pdf.pageCount, fileSha256 };
          yield { seq: seq++, origin, label: pageLabel(file, i, pdf.pageCount), source: { format, image: image! } };
        }
      } finally {
        await pdf.close();
      }
    } else {
      await opts.onFile?.(file, fileSha256, 1);
      const source: RawSource = format === 'jpeg' && stamp ? { format, bytes, onDisk: stamp } : { format, bytes };
      yield { seq: seq++, dpi, origin: { file, pageInFile: 0, pagesInFile: 1, fileSha256 }, label: name, source };
    }
  }
}
