/**
 * What the clerk prints from the browser, made by the same code as `station separators` and
 * `station handover`: the separator sheets of a borderou picked in the page, and a batch's
 * handover lists (written into a new folder of the batch each time: nothing is overwritten).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import { batchFolder } from '../../batch/batch-folder.ts';
import { usablePickedBorderou } from '../../borderou/load-borderou.ts';
import { localDay } from '../../../../shared/src/local-day.ts';
import type { StationContext } from '../../cli/station-context.ts';
import { HANDOVER_SET_NAME, writeHandoverSet } from '../../handover/handover-set.ts';
import { writeHandoverLists } from '../../handover/write-handover-lists.ts';
import { buildSeparatorsPdf } from '../../separators/build-separators-pdf.ts';

const MAX_CSV_BASE64 = 8 * 1024 * 1024;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.pdf$/;

export const printRoutes: FastifyPluginAsync<{ station: StationContext }> = async (app, { station }) => {
  const { cfg, journal } = station;
  const handoverRoot = (batchId: string) => path.join(batchFolder(cfg.dataDir, batchId), 'predare');

  app.post('/api/separators', async (req, reply) => {
    const { borderouCsv, borderouName, patchT } = (req.body ?? {}) as { borderouCsv?: unknown; borderouName?: unknown; patchT?: unknown };
    if (typeof borderouCsv !== 'string' || !borderouCsv || borderouCsv.length > MAX_CSV_BASE64) throw new StationError('VALIDATION_FAILED', 'Alegeți fișierul CSV al borderoului.', { field: 'borderou' });
    // read in memory, never kept: every refusal (a Word document, no header, bad rows with their lines) names the file as picked
    const name = typeof borderouName === 'string' && borderouName ? borderouName.slice(0, 128) : undefined;
    const entries = usablePickedBorderou(Buffer.from(borderouCsv, 'base64'), name);
    const pdf = await buildSeparatorsPdf(entries, { patchT: patchT === true });
    return reply.type('application/pdf').header('content-disposition', 'inline; filename="separatoare.pdf"').send(Buffer.from(pdf.bytes));
  });

  app.post('/api/batches/:id/handover', async (req) => {
    const id = (req.params as { id: string }).id;
    const row = journal.get(id);
    if (!row) throw new StationError('BATCH_NOT_FOUND', `Lotul ${id} nu există în jurnalul stației.`);
    if (row.status !== 'completed') throw new StationError('CONFLICT', `Lotul ${id} nu este încheiat: listele de predare se fac după încheiere.`);
    const now = new Date();
    // the set's folder is named by the station's local date and time (handover-set.ts); the date printed on the lists is the station's day, as `station handover` has it
    const root = handoverRoot(id);
    const { set, result } = await writeHandoverSet(root, now, (outDir) =>
      writeHandoverLists({ summaryFile: path.join(row.outDir, 'summary.json'), outDir, shownOutDir: root, borderouFile: null, date: localDay(now) }));
    return {
      set,
      files: result.files.map((f) => ({ name: path.basename(f.file), department: f.list.department ?? 'Nerepartizate', documents: f.list.totals.documents })),
      warnings: result.warnings,
    };
  });

  app.get('/api/batches/:id/handover/:set/:name', async (req, reply) => {
    const { id, set, name } = req.params as { id: string; set: string; name: string };
    if (!HANDOVER_SET_NAME.test(set) || !SAFE_NAME.test(name)) throw new StationError('NOT_FOUND', 'Lista nu există.');
    const dir = path.join(handoverRoot(id), set);
    if (!(await readdir(dir).catch(() => [] as string[])).includes(name)) throw new StationError('NOT_FOUND', 'Lista nu există.');
    return reply.type('application/pdf').header('content-disposition', 'inline').send(await readFile(path.join(dir, name)));
  });
};
