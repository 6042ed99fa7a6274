/**
 * Review page corrections: the batch's layout with the clerk's pending corrections applied (the
 * same code that saves them), and «Salvează corecturile» (then the corrected report is sent at once
 * when a registry server is configured: the server keeps it as the batch's next version).
 */
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import { givenNumber } from '../../../../shared/src/summary-document.ts';
import type { StationContext } from '../../cli/station-context.ts';
import { createCorrectionsJournal } from '../../journal/batch-corrections.ts';
import type { Layout } from '../../review/batch-layout.ts';
import { parseCorrection, type Correction } from '../../review/corrections.ts';
import { loadReviewState, replay, saveCorrections, type ReviewState } from '../../review/save-corrections.ts';
import type { OutboxCourier } from '../outbox-courier.ts';
import type { ScanRunner } from '../scan-runner.ts';

const MAX_CORRECTIONS = 500;

function correctionsOf(body: unknown): Correction[] {
  const list = (body as { corrections?: unknown } | null)?.corrections;
  if (!Array.isArray(list) || list.length > MAX_CORRECTIONS) throw new StationError('VALIDATION_FAILED', 'Lista corecturilor nu are forma așteptată.', { field: 'correction' });
  return list.map(parseCorrection);
}

function view(state: ReviewState, l: Layout) {
  const departments = new Map<string, string>();
  const rec = state.summary.reconciliation;
  for (const m of rec?.matched ?? []) departments.set(m.registrationNumber, m.department);
  for (const m of rec?.missing ?? []) departments.set(m.registrationNumber, m.department);
  const separatorValues = new Map(state.summary.separators.map((s) => [s.seq, `${s.format}: ${s.value}`]));
  return {
    version: state.summary.version ?? 1,
    documents: l.documents.map((d) => ({ key: d.key, id: d.id, pages: d.pages, flags: d.flags, department: departments.get(givenNumber(state.summary.documents, d)) ?? null, changed: !d.original || d.original.id !== d.id || d.original.pages.join() !== d.pages.join() })),
    unassigned: l.unassigned,
    separators: l.separators.map((seq) => {
      const opened = l.documents.find((d) => d.separatorSeq === seq && !separatorValues.has(seq));
      return { seq, why: separatorValues.get(seq) ?? (opened ? `pus de operator: ${opened.id}` : null) };
    }),
    blanks: l.blanks,
    removed: l.removed,
    rotations: l.rotations,
    /** Borderou numbers not scanned yet: what a split-off part or a new id is picked from. */
    missing: (rec?.missing ?? []).map((m) => ({ id: m.registrationNumber, department: m.department })),
  };
}

export const reviewRoutes: FastifyPluginAsync<{ station: StationContext; runner: ScanRunner; courier: OutboxCourier }> = async (app, { station, runner, courier }) => {
  const idRule = new RegExp(station.cfg.separatorPattern, 'u');
  const notScanning = (id: string) => {
    if (runner.state().batchId === id && runner.state().state !== 'idle') throw new StationError('CONFLICT', 'Lotul se scanează acum; corecturile se fac după încheiere.');
  };

  app.post('/api/batches/:id/layout', async (req) => {
    const id = (req.params as { id: string }).id;
    notScanning(id);
    const state = await loadReviewState(station, id);
    return view(state, replay(state, correctionsOf(req.body), idRule));
  });

  app.post('/api/batches/:id/corrections', async (req) => {
    const id = (req.params as { id: string }).id;
    notScanning(id);
    const summary = await saveCorrections(station, id, correctionsOf(req.body), idRule);
    // the corrected report (queued by the save) goes out at once when a server is configured (it stays in the outbox
    // otherwise); every page is told either way ('outbox')
    const sent = await courier.deliver([id]).catch(() => null);
    const delivery = station.client ? (sent?.text ?? null) : null;
    // the corrected report as the outbox holds it after: the page keeps its line on the delivery only while the batch shows it so
    const item = station.outbox.get(id);
    const report = !item ? null : item.deliveredAt ? 'sent' : item.attentionAt ? 'attention' : 'waiting';
    return { version: summary.version, documents: summary.documents.length, corrections: createCorrectionsJournal(station.db).list(id).length, delivery, report };
  });
};
