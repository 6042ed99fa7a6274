/**
 * Stage «pdf-write» (per batch): consumes the splitter's events and writes one PDF per document
 * into the staging folder, page by page. Empty documents get no file. Collects the figures the
 * summary needs; never deletes an input.
 */
import { rm } from 'node:fs/promises';
import { trimSpaces } from '../../../shared/src/document-names.ts';
import type { RemovedBlank, SummaryDocument, SummaryPageColour, SummaryWarning } from '../../../shared/src/split-summary.ts';
import { PdfImageWriter } from '../pdf/pdf-image-writer.ts';
import { storedImage, type StorageSettings } from '../pdf/storage-encode.ts';
import { separatorValue } from '../barcode/separator-rule.ts';
import type { AnalyzedPage } from '../pipeline/page-types.ts';
import { FileNameAllocator } from './file-names.ts';
import type { OutputStaging } from './output-staging.ts';
import type { SplitEvent } from './splitter.ts';

export const PRODUCER = 'Scan Station 0.1 (registratură)';

export interface SinkTotals {
  pagesIn: number;
  separatorPages: number;
  blankPages: number;
}

export class DocumentSink {
  readonly documents: SummaryDocument[] = [];
  unassigned: { file: string; pages: number; sheets: number; sha256: string } | null = null;
  readonly warnings: SummaryWarning[] = [];
  readonly removedBlanks: RemovedBlank[] = [];
  readonly separators: { seq: number; page: string; value: string; format: string }[] = [];
  readonly totals: SinkTotals = { pagesIn: 0, separatorPages: 0, blankPages: 0 };
  /** Every page's colour decision (and for kept pages how it was stored), in scan order. */
  readonly pageColour: SummaryPageColour[] = [];
  private readonly names = new FileNameAllocator(['summary.json', 'unassigned.pdf']);
  private writer: PdfImageWriter | null = null;
  private fileName: string | null = null;
  /** The first and last pages kept as unassigned (the warning names them). */
  private unassignedPages: { first: AnalyzedPage; last: AnalyzedPage } | null = null;

  constructor(
    private readonly staging: OutputStaging,
    private readonly now: () => Date = () => new Date(),
    private readonly storage: StorageSettings = { storage: 'original', jpegQuality: 90 },
  ) {}

  private colourOf(page: AnalyzedPage, stored?: SummaryPageColour['stored']): void {
    const c = page.colour ?? { decision: 'gray' as const };
    this.pageColour.push({ seq: page.seq, page: page.label, decision: c.decision, ...(c.measure ? { measure: c.measure } : {}), ...(stored ? { stored } : {}) });
  }

  async handle(ev: SplitEvent<AnalyzedPage>): Promise<void> {
    switch (ev.type) {
      case 'open':
        return;
      case 'warning':
        this.warnings.push({ code: ev.code, message: ev.message, seq: ev.seq });
        return;
      case 'drop':
        this.totals.pagesIn++;
        this.colourOf(ev.page);
        if (ev.fate === 'separator') {
          this.totals.separatorPages++;
          const value = ev.page.separator ? separatorValue(ev.page.separator) : null;
          // the separator's own symbol, not the first one read (a sheet may carry a QR code beside it)
          const b = ev.page.barcode.state === 'found' && value !== null ? ev.page.barcode.barcodes.find((x) => trimSpaces(x.text) === value) : undefined;
          if (value !== null && b) this.separators.push({ seq: ev.page.seq, page: ev.page.label, value, format: b.format });
        } else {
          this.totals.blankPages++;
          this.removedBlanks.push({ seq: ev.page.seq, page: ev.page.label, inkRatio: round(ev.page.blank?.inkRatio ?? 0), document: ev.doc?.kind === 'unassigned' ? null : (ev.doc?.id ?? null) });
        }
        return;
      case 'keep': {
        this.totals.pagesIn++;
        if (ev.doc.kind === 'unassigned') this.unassignedPages = { first: this.unassignedPages?.first ?? ev.page, last: ev.page };
        if (!this.writer) {
          this.fileName = ev.doc.kind === 'unassigned' ? 'unassigned.pdf' : this.names.allocate(ev.doc.id);
          this.writer = await PdfImageWriter.create(this.staging.path(this.fileName));
        }
        const { embed, stored } = await storedImage(ev.page, this.storage);
        this.colourOf(ev.page, stored);
        await this.writer.addPage(embed, ev.page.dpiX, ev.page.dpiY, ev.page.rotation);
        return;
      }
      case 'close': {
        let file: string | null = null;
        let sha256: string | null = null;
        let bytes: number | undefined;
        if (this.writer) {
          const title = ev.doc.kind === 'unassigned' ? 'Pagini nerepartizate' : ev.doc.id;
          const res = await this.writer.finish({ title, producer: PRODUCER, creationDate: this.now() });
          file = this.fileName;
          sha256 = res.sha256;
          bytes = res.bytes;
        }
        this.writer = null;
        this.fileName = null;
        if (ev.doc.kind === 'unassigned') {
          if (file && sha256) {
            this.unassigned = { file, pages: ev.pages, sheets: ev.sheets, sha256 };
            const u = this.unassignedPages;
            const which = !u ? `${ev.pages} pagini` : u.first === u.last ? `Pagina ${u.first.label}` : `${ev.pages} pagini (${u.first.label}–${u.last.label})`;
            const kept = u && u.first === u.last ? 'a fost păstrată' : 'au fost păstrate';
            this.warnings.push({ code: 'UNASSIGNED_PAGES', message: `${which}, dinaintea primului separator sau a primei etichete de înregistrare, ${kept} în ${file} pentru verificare.`, ...(u ? { seq: u.first.seq } : {}) });
          }
          return;
        }
        const flags = ev.doc.kind === 'generic' ? ['generic'] : [];
        if (ev.pages === 0) {
          flags.push('empty');
          this.warnings.push({ code: 'EMPTY_DOCUMENT', message: `Documentul ${ev.doc.id} nu are nicio pagină (doi separatori la rând sau doar pagini albe).`, seq: ev.doc.separatorSeq ?? undefined });
        }
        this.documents.push({ id: ev.doc.id, file, pages: ev.pages, sheets: ev.sheets, sha256, flags, bytes, separatorSeq: ev.doc.separatorSeq, ...(ev.doc.startedBy ? { startedBy: ev.doc.startedBy } : {}) });
        return;
      }
    }
  }

  /** Marks repeated ids once the batch is complete. */
  finishFlags(): void {
    const counts = new Map<string, number>();
    for (const d of this.documents) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    for (const [id, n] of counts) {
      if (n < 2) continue;
      for (const d of this.documents) if (d.id === id && !d.flags.includes('duplicate')) d.flags.push('duplicate');
      this.warnings.push({ code: 'DUPLICATE_ID', message: `Numărul ${id} apare de ${n} ori în lot; toate documentele au fost păstrate și marcate ca duplicate.` });
    }
  }

  async abort(): Promise<void> {
    const w = this.writer;
    this.writer = null;
    if (w) {
      await w.abort();
      await rm(w.path, { force: true });
    }
  }
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
