/**
 * The batch journal on a real SQLite file: start, page files (idempotent on path), page fates
 * (upsert on seq), status changes, and completion with the outbox report in one transaction.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchJournal, type BatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { migrate, openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let db: JournalDb;
let journal: BatchJournal;
let outbox: Outbox;

beforeEach(async () => {
  tmp = await makeTempDir('journal-batch-');
  db = openJournal(tmp.dir);
  journal = createBatchJournal(db);
  outbox = createOutbox(db);
});
afterEach(async () => {
  vi.useRealTimers();
  if (db.open) db.close();
  await tmp.cleanup();
});

const startLot = (id = 'lot-1', kind: 'split' | 'scan' = 'split') =>
  journal.start({ id, kind, outDir: '/iesire/lot', workDir: '/lucru', options: { duplex: true, removeBlank: true, genericSeparators: ['PATCHT'] } });

describe('batch journal', () => {
  it('start records a running batch with its options; get returns null for an unknown id', () => {
    startLot();
    const row = journal.get('lot-1');
    expect(row).toEqual({
      id: 'lot-1', kind: 'split', status: 'running', outDir: '/iesire/lot', workDir: '/lucru',
      options: { duplex: true, removeBlank: true, genericSeparators: ['PATCHT'] },
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), endedAt: null, errorCode: null, errorMessage: null, summaryJson: null,
    });
    expect(journal.get('nu-exista')).toBeNull();
  });

  it('the same batch id cannot be started twice: BATCH_EXISTS with a clear message, never INTERNAL «UNIQUE constraint failed»', () => {
    startLot();
    let err: unknown;
    try {
      startLot();
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'BATCH_EXISTS', details: { batchId: 'lot-1', status: 'running' } });
    expect((err as Error).message).toMatch(/^Lotul lot-1 există deja în jurnalul stației \(în lucru, început la .*, ieșire în „\/iesire\/lot”\)\. Alegeți alt --batch-id/);
    expect((err as Error).message).not.toMatch(/UNIQUE/);
  });

  it('addFile is idempotent on the path and numbers files in arrival order', () => {
    startLot();
    journal.addFile('lot-1', { path: '/scan/page-1.jpg', sha256: 'a'.repeat(64), pages: 1 });
    journal.addFile('lot-1', { path: '/scan/page-2.tif', sha256: 'b'.repeat(64), pages: 3 });
    // the same file again (a resumed batch replays its inputs): nothing changes
    journal.addFile('lot-1', { path: '/scan/page-1.jpg', sha256: 'c'.repeat(64), pages: 9 });
    journal.addFile('lot-1', { path: '/scan/page-3.jpg', sha256: 'd'.repeat(64), pages: 1 });
    expect(journal.files('lot-1')).toEqual([
      { fileSeq: 1, path: '/scan/page-1.jpg', sha256: 'a'.repeat(64), pages: 1 },
      { fileSeq: 2, path: '/scan/page-2.tif', sha256: 'b'.repeat(64), pages: 3 },
      { fileSeq: 3, path: '/scan/page-3.jpg', sha256: 'd'.repeat(64), pages: 1 },
    ]);
  });

  it('files are per batch: the same path in two batches is two rows, each numbered from 1', () => {
    startLot('lot-1');
    startLot('lot-2');
    journal.addFile('lot-1', { path: '/scan/p.jpg', sha256: 'a'.repeat(64), pages: 1 });
    journal.addFile('lot-2', { path: '/scan/p.jpg', sha256: 'a'.repeat(64), pages: 1 });
    expect(journal.files('lot-1').map((f) => f.fileSeq)).toEqual([1]);
    expect(journal.files('lot-2').map((f) => f.fileSeq)).toEqual([1]);
  });

  it('a file of an unknown batch is refused (foreign key)', () => {
    expect(() => journal.addFile('nu-exista', { path: '/p.jpg', sha256: 'a'.repeat(64), pages: 1 })).toThrow(/FOREIGN KEY/i);
  });

  it('recordFate upserts on the page sequence and fates() counts per fate', () => {
    startLot();
    journal.recordFate('lot-1', { seq: 1, path: '/p1.jpg', pageInFile: 0, fate: 'separator', documentId: null });
    journal.recordFate('lot-1', { seq: 2, path: '/p2.jpg', pageInFile: 0, fate: 'unassigned', documentId: null });
    journal.recordFate('lot-1', { seq: 3, path: '/p3.jpg', pageInFile: 0, fate: 'document', documentId: '84512/27.09.2021' });
    journal.recordFate('lot-1', { seq: 4, path: '/p3.jpg', pageInFile: 1, fate: 'blank', documentId: null });
    // page 2 decided again (resume): the row is replaced, not duplicated
    journal.recordFate('lot-1', { seq: 2, path: '/p2.jpg', pageInFile: 0, fate: 'document', documentId: '84512/27.09.2021' });
    expect(journal.fates('lot-1')).toEqual({ separator: 1, document: 2, blank: 1 });
    const rows = db.prepare('SELECT seq, fate, document_id AS doc FROM pages WHERE batch_id = ? ORDER BY seq').all('lot-1');
    expect(rows).toEqual([
      { seq: 1, fate: 'separator', doc: null },
      { seq: 2, fate: 'document', doc: '84512/27.09.2021' },
      { seq: 3, fate: 'document', doc: '84512/27.09.2021' },
      { seq: 4, fate: 'blank', doc: null },
    ]);
    expect(journal.fates('lot-2')).toEqual({});
  });

  it('a fate outside the four known ones is refused by the schema', () => {
    startLot();
    expect(() => journal.recordFate('lot-1', { seq: 1, path: '/p', pageInFile: 0, fate: 'lost' as never, documentId: null })).toThrow(/CHECK/i);
  });

  it('setStatus: paused keeps the batch open; failed closes it with its error; unfinished lists running and paused in start order', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-09-27T07:00:00.000Z'));
    startLot('lot-1', 'scan');
    vi.setSystemTime(new Date('2021-09-27T07:05:00.000Z'));
    startLot('lot-2');
    vi.setSystemTime(new Date('2021-09-27T07:10:00.000Z'));
    startLot('lot-3');

    journal.setStatus('lot-1', 'paused', { code: 'PAPER_JAM', message: 'Hârtia s-a blocat în scaner.' });
    expect(journal.get('lot-1')).toMatchObject({ status: 'paused', errorCode: 'PAPER_JAM', errorMessage: 'Hârtia s-a blocat în scaner.', endedAt: null });

    vi.setSystemTime(new Date('2021-09-27T07:20:00.000Z'));
    journal.setStatus('lot-2', 'failed', { code: 'INPUT_CORRUPT', message: 'deteriorat' });
    expect(journal.get('lot-2')).toMatchObject({ status: 'failed', errorCode: 'INPUT_CORRUPT', endedAt: '2021-09-27T07:20:00.000Z' });

    expect(journal.unfinished().map((b) => [b.id, b.status])).toEqual([['lot-1', 'paused'], ['lot-3', 'running']]);

    // resumed: running again, error cleared, still open
    journal.setStatus('lot-1', 'running');
    expect(journal.get('lot-1')).toMatchObject({ status: 'running', errorCode: null, errorMessage: null, endedAt: null });
    journal.setStatus('lot-3', 'cancelled', { code: 'CANCELLED', message: 'anulat' });
    expect(journal.unfinished().map((b) => b.id)).toEqual(['lot-1']);
  });

  it('complete stores the summary, clears an earlier error and enqueues the report in the same transaction', () => {
    startLot();
    journal.setStatus('lot-1', 'paused', { code: 'PAPER_JAM', message: 'blocaj' });
    journal.complete('lot-1', JSON.stringify({ batchId: 'lot-1', pagesIn: 3 }), () => outbox.enqueue('lot-1', { batchId: 'lot-1', documents: [] }));
    expect(journal.get('lot-1')).toMatchObject({ status: 'completed', summaryJson: '{"batchId":"lot-1","pagesIn":3}', errorCode: null, errorMessage: null, endedAt: expect.any(String) });
    expect(outbox.pending().map((i) => i.batchId)).toEqual(['lot-1']);
    expect(journal.unfinished()).toEqual([]);

    // durable: another connection (a new station process) finds both
    db.close();
    const again = openJournal(tmp.dir);
    try {
      expect(createBatchJournal(again).get('lot-1')?.status).toBe('completed');
      expect(createOutbox(again).get('lot-1')?.payload).toEqual({ batchId: 'lot-1', documents: [] });
    } finally {
      again.close();
    }
  });

  it('complete is atomic: when alsoDo throws after enqueuing, the batch is not completed and no report is queued', () => {
    startLot();
    const boom = new Error('disk full while enqueuing');
    expect(() =>
      journal.complete('lot-1', '{"batchId":"lot-1"}', () => {
        outbox.enqueue('lot-1', { batchId: 'lot-1' });
        throw boom;
      }),
    ).toThrow(boom);
    expect(journal.get('lot-1')).toMatchObject({ status: 'running', summaryJson: null, endedAt: null });
    expect(outbox.get('lot-1')).toBeNull();
    expect(outbox.pending()).toEqual([]);

    // and the batch can still be completed afterwards
    journal.complete('lot-1', '{"batchId":"lot-1"}', () => outbox.enqueue('lot-1', { batchId: 'lot-1' }));
    expect(journal.get('lot-1')?.status).toBe('completed');
    expect(outbox.pending()).toHaveLength(1);
  });

  it('complete is atomic the other way too: a report for a batch that does not exist rolls the whole thing back', () => {
    startLot();
    // the outbox references batches(id): enqueuing under a wrong id fails inside the transaction
    expect(() => journal.complete('lot-1', '{}', () => outbox.enqueue('alt-lot', {}))).toThrow(/FOREIGN KEY/i);
    expect(journal.get('lot-1')?.status).toBe('running');
    expect(outbox.pending()).toEqual([]);
  });

  it('complete without alsoDo only completes', () => {
    startLot();
    journal.complete('lot-1', '{}');
    expect(journal.get('lot-1')?.status).toBe('completed');
    expect(outbox.pending()).toEqual([]);
  });
});

describe('batch warnings (migrations 012, 014)', () => {
  it('keeps two warnings in the same words (two files), each with its file', () => {
    startLot('lot-w', 'scan');
    const w = { code: 'FILE_ALREADY_TAKEN', message: 'Fișierul „SCAN0001.PDF” a fost deja preluat.' };
    journal.addWarning('lot-w', { ...w, file: '/in/SCAN0001.PDF' });
    journal.addWarning('lot-w', { ...w, file: '/in/SCAN0001.PDF' });
    journal.addWarning('lot-w', w);
    expect(journal.warnings('lot-w')).toEqual([{ ...w, file: '/in/SCAN0001.PDF' }, { ...w, file: '/in/SCAN0001.PDF' }, w]);
  });

  it('014 keeps the warnings a station kept under 012, in order, without a file; the same words may come again', () => {
    startLot('lot-w', 'scan');
    // the journal as 012 left it
    db.exec(`DROP TABLE batch_warnings;
      CREATE TABLE batch_warnings (batch_id TEXT NOT NULL REFERENCES batches (id), n INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (batch_id, n), UNIQUE (batch_id, code, message));
      INSERT INTO batch_warnings VALUES ('lot-w', 1, 'INPUT_SKIPPED', 'a'), ('lot-w', 2, 'FILE_ALREADY_TAKEN', 'b');
      DELETE FROM schema_migrations WHERE version = 14;`);
    migrate(db);
    expect(journal.warnings('lot-w')).toEqual([{ code: 'INPUT_SKIPPED', message: 'a' }, { code: 'FILE_ALREADY_TAKEN', message: 'b' }]);
    journal.addWarning('lot-w', { code: 'INPUT_SKIPPED', message: 'a', file: '/in/a' });
    expect(journal.warnings('lot-w')).toHaveLength(3);
  });
});
