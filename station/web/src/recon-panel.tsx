/** The review page's borderou reconciliation: missing, unexpected, duplicates, empty documents, sheet mismatches. */
import type { Recon } from './review-model.ts';

export function ReconPanel(props: { recon: Recon | undefined }) {
  const r = props.recon;
  return (
    <section aria-labelledby="recon-title">
      <h2 id="recon-title">Față de borderou</h2>
      {!r ? <p>Lotul nu a fost verificat față de un borderou.</p> : (
        <dl class="recon">
          <dt>Așteptate / scanate</dt><dd>{r.expected} / {r.scanned}</dd>
          <dt>Lipsă ({r.missing.length})</dt><dd>{r.missing.map((m) => `${m.registrationNumber} (${m.department})`).join(', ') || '—'}</dd>
          <dt>În plus ({r.unexpected.length})</dt><dd>{r.unexpected.map((u) => u.id).join(', ') || '—'}</dd>
          <dt>Duble ({r.duplicates.length})</dt><dd>{r.duplicates.map((x) => `${x.id} ×${x.count}`).join(', ') || '—'}</dd>
          <dt>Goale ({r.empty.length})</dt><dd>{r.empty.map((x) => x.id).join(', ') || '—'}</dd>
          <dt>File diferite ({r.sheetMismatch.length})</dt><dd>{r.sheetMismatch.map((x) => `${x.registrationNumber}: ${x.scannedSheets} în loc de ${x.expectedSheets}`).join(', ') || '—'}</dd>
        </dl>
      )}
    </section>
  );
}
