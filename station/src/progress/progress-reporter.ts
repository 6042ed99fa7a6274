/**
 * Live feedback during a batch. On a terminal: one progress line in Romanian, rewritten in place.
 * Not on a terminal: JSON lines (`page`, `document`, `paused`, `error`, `batch-end`) for a UI.
 */
export type ProgressEvent =
  | { event: 'batch-start'; batchId: string; resumed: boolean; replayedFiles: number }
  /** A watched folder is being watched (and the pipeline is ready): the scanner may write now. */
  | { event: 'watching'; folder: string }
  | { event: 'page-scanned'; index: number; file: string }
  | { event: 'page'; seq: number; page: string; fate: string; document: string | null; lag: number }
  | { event: 'document'; id: string; pages: number; file: string | null }
  | { event: 'paused'; batchId: string; code: string; message: string; pagesSoFar: number }
  | { event: 'resumed'; batchId: string }
  | { event: 'error'; code: string; message: string }
  | { event: 'warning'; code: string; message: string; file?: string }
  | { event: 'interrupted'; batchId: string; status: 'paused' | 'cancelled'; message: string; resume?: string }
  | { event: 'batch-end'; batchId: string; pagesIn: number; documents: number; separatorPages: number; blankPages: number; unassignedPages: number; outDir: string };

export interface ProgressSink {
  emit(e: ProgressEvent): void;
  /** Ends the live line before other text is printed. */
  flush(): void;
}

export function jsonLinesProgress(out: NodeJS.WritableStream): ProgressSink {
  return {
    emit: (e) => void out.write(`${JSON.stringify({ ...e, at: new Date().toISOString() })}\n`),
    flush: () => {},
  };
}

export function terminalProgress(out: NodeJS.WritableStream, now: () => number = Date.now): ProgressSink {
  let pages = 0;
  let documents = 0;
  let current: string | null = null;
  let first: number | null = null;
  let live = false;
  const line = () => {
    const minutes = first === null ? 0 : (now() - first) / 60_000;
    // a rate is shown once there are a few seconds to measure it over
    const ppm = minutes > 0.05 ? String(Math.round(pages / minutes)) : '—';
    out.write(`\r\x1b[2KPagini: ${pages} | Documente: ${documents} | ${ppm} pag/min | Document curent: ${current ?? '—'}`);
    live = true;
  };
  const flush = () => {
    if (live) out.write('\n');
    live = false;
  };
  return {
    flush,
    emit(e) {
      switch (e.event) {
        case 'page':
          first ??= now();
          pages++;
          if (e.fate === 'document' || e.fate === 'unassigned') current = e.document ?? 'nerepartizate';
          line();
          return;
        case 'document':
          documents++;
          line();
          return;
        case 'paused':
          flush();
          out.write(`${e.message}\n`);
          return;
        case 'resumed':
          out.write('Scanarea continuă…\n');
          return;
        case 'warning':
          flush();
          out.write(`Atenție: ${e.message}\n`);
          return;
        case 'watching':
          flush();
          out.write(`Dosarul urmărit „${e.folder}” este pregătit: puteți scana.\n`);
          return;
        case 'batch-start':
          out.write(e.resumed ? `Se reia lotul ${e.batchId} (${e.replayedFiles} pagini deja scanate).\n` : `Lot nou: ${e.batchId}\n`);
          return;
        default:
          return;
      }
    },
  };
}
