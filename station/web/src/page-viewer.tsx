/** A large view of one page (readable resolution), with zoom and ← → through the batch. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { largeUrl } from './api.ts';

export function PageViewer(props: { batchId: string; seqs: number[]; seq: number | null; rotation: (seq: number) => number; onClose: () => void; onMove: (seq: number) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.seq !== null && !d.open) d.showModal();
    if (props.seq === null && d.open) d.close();
  }, [props.seq]);
  const at = props.seq === null ? -1 : props.seqs.indexOf(props.seq);
  const go = (delta: number) => {
    const next = props.seqs[at + delta];
    if (next !== undefined) props.onMove(next);
  };
  const rot = props.seq === null ? 0 : props.rotation(props.seq);
  return (
    <dialog ref={ref} class="viewer" aria-label="Pagina mărită" onClose={props.onClose}
      onKeyDown={(e) => { if (e.key === 'ArrowRight') go(1); if (e.key === 'ArrowLeft') go(-1); if (e.key === '+') setZoom((z) => Math.min(4, z * 1.25)); if (e.key === '-') setZoom((z) => Math.max(0.5, z / 1.25)); }}>
      <div class="viewer-bar">
        <strong>Pagina {props.seq === null ? '' : props.seq + 1}</strong>
        <button onClick={() => go(-1)} disabled={at <= 0}>← Pagina anterioară</button>
        <button onClick={() => go(1)} disabled={at < 0 || at >= props.seqs.length - 1}>Pagina următoare →</button>
        <button onClick={() => setZoom((z) => Math.max(0.5, z / 1.25))}>Micșorează</button>
        <button onClick={() => setZoom((z) => Math.min(4, z * 1.25))}>Mărește</button>
        <button onClick={props.onClose}>Închide</button>
      </div>
      <div class="viewer-body">
        {props.seq !== null && <img src={largeUrl(props.batchId, props.seq)} alt={`Pagina ${props.seq + 1}`} style={{ height: `${zoom * 100}%`, transform: rot ? `rotate(${rot}deg)` : undefined }} />}
      </div>
    </dialog>
  );
}
