/**
 * The review page's corrections: what can be done with the selected page or its document, the
 * list of corrections not saved yet (undo takes back the last, redo puts it back, any one can be
 * taken back alone), and «Salvează corecturile». Read-only (all disabled) while the batch is not ended.
 */
import { useState } from 'preact/hooks';
import type { LayoutView } from './review-model.ts';

export type Correction = Record<string, unknown> & { type: string };

export function placeOf(l: LayoutView, seq: number): { kind: 'document'; key: string; id: string; first: boolean } | { kind: 'unassigned' | 'separator' | 'blank' | 'removed' } | null {
  for (const d of l.documents) if (d.pages.includes(seq)) return { kind: 'document', key: d.key, id: d.id, first: d.pages[0] === seq };
  if (l.unassigned.includes(seq)) return { kind: 'unassigned' };
  if (l.separators.some((s) => s.seq === seq)) return { kind: 'separator' };
  if (l.blanks.some((b) => b.seq === seq)) return { kind: 'blank' };
  if (l.removed.includes(seq)) return { kind: 'removed' };
  return null;
}

export function describe(c: Correction, l: LayoutView | null): string {
  const doc = (key: unknown) => l?.documents.find((d) => d.key === key)?.id ?? String(key);
  const p = `pagina ${Number(c.seq) + 1}`;
  switch (c.type) {
    case 'split': return `Document nou ${String(c.id)} de la ${p}`;
    case 'merge': return `Documentul ${doc(c.key)} unit cu cel anterior`;
    case 'move': return `${p[0]!.toUpperCase()}${p.slice(1)} mutată în ${doc(c.toKey)}`;
    case 'rotate': return `${p[0]!.toUpperCase()}${p.slice(1)} rotită cu ${String(c.degrees)}°`;
    case 'restore-blank': return `Pagina albă ${Number(c.seq) + 1} readusă`;
    case 'take-out': return `${p[0]!.toUpperCase()}${p.slice(1)} scoasă (păstrată separat)`;
    case 'to-content': return `Separatorul ${Number(c.seq) + 1} devine pagină de document`;
    case 'to-separator': return `${p[0]!.toUpperCase()}${p.slice(1)} devine separator pentru ${String(c.id)}`;
    case 'change-id': return `Documentul ${doc(c.key)} primește numărul ${String(c.id)}`;
    default: return c.type;
  }
}

export function CorrectionBar(props: {
  layout: LayoutView; selected: number | null; pending: string[]; redoable: number; readOnly: boolean;
  onAdd: (c: Correction) => void; onUndo: () => void; onRedo: () => void; onWithdraw: (i: number) => void; onSave: () => void; onView: () => void; saving: boolean;
}) {
  const { layout: l, selected } = props;
  const [id, setId] = useState('');
  const [target, setTarget] = useState('');
  const at = selected === null ? null : placeOf(l, selected);
  const content = at?.kind === 'document' || at?.kind === 'unassigned';
  const add = (c: Correction) => props.onAdd(c);
  const canSplit = at?.kind === 'document' && !at.first && Boolean(id.trim());
  return (
    <section class="correction-bar" aria-label="Corecturi">
      <p class="selected" aria-live="polite">
        {selected === null ? 'Alegeți o pagină (clic pe miniatură; ← → pentru următoarea).' : `Pagina selectată: ${selected + 1}${at?.kind === 'document' ? ` — documentul ${at.id}` : at?.kind === 'separator' ? ' — separator' : at?.kind === 'blank' ? ' — albă, eliminată' : at?.kind === 'removed' ? ' — scoasă de operator' : at?.kind === 'unassigned' ? ' — nerepartizată' : ''}`}
      </p>
      <button disabled={selected === null} onClick={props.onView}>Mărește pagina</button>
      <fieldset disabled={props.readOnly} class="plain">
      <div class="field">
        <label for="new-id">Număr de înregistrare</label>
        <input id="new-id" list="missing-ids" value={id} onInput={(e) => setId((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && canSplit) { e.preventDefault(); add({ type: 'split', seq: selected, id: id.trim() }); } }} />
        <datalist id="missing-ids">{l.missing.map((m) => <option key={m.id} value={m.id}>{m.department}</option>)}</datalist>
        <span class="hint">{l.missing.length > 0 ? `din borderou, nescanate: ${l.missing.map((m) => m.id).join(', ')}` : 'pentru un document nou sau un număr schimbat'}</span>
      </div>
      <div class="buttons wrap">
        <button disabled={!content} onClick={() => add({ type: 'rotate', seq: selected, degrees: 90 })}>Rotește 90°</button>
        <button disabled={!canSplit} onClick={() => add({ type: 'split', seq: selected, id: id.trim() })}>Document nou de aici</button>
        <button disabled={!content || !id.trim()} onClick={() => add({ type: 'to-separator', seq: selected, id: id.trim() })}>Devine separator</button>
        <button disabled={!content} onClick={() => add({ type: 'take-out', seq: selected })}>Scoate pagina</button>
        <button disabled={at?.kind !== 'separator'} onClick={() => add({ type: 'to-content', seq: selected })}>Devine pagină de document</button>
        <button disabled={at?.kind !== 'blank'} onClick={() => add({ type: 'restore-blank', seq: selected })}>Readu pagina albă</button>
      </div>
      <div class="row">
        <div class="field">
          <label for="move-to">Mută pagina în documentul</label>
          <select id="move-to" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
            <option value="">— alegeți —</option>
            {l.documents.map((d) => <option key={d.key} value={d.key}>{d.id}</option>)}
          </select>
        </div>
        <button disabled={at?.kind !== 'document' || !target} onClick={() => add({ type: 'move', seq: selected, toKey: target })}>Mută</button>
      </div>
      {at?.kind === 'document' && (
        <div class="buttons wrap">
          <button disabled={l.documents[0]?.key === at.key} onClick={() => add({ type: 'merge', key: at.key })}>Unește documentul {at.id} cu cel anterior</button>
          <button disabled={!id.trim()} onClick={() => add({ type: 'change-id', key: at.key, id: id.trim() })}>Schimbă numărul documentului {at.id}</button>
        </div>
      )}
      <h3>Corecturi nesalvate ({props.pending.length})</h3>
      {props.pending.length === 0 ? <p class="hint">Nicio corectură încă.</p> : (
        <ol class="pending" aria-label="Corecturi nesalvate">
          {props.pending.map((what, i) => <li key={i}>{what} <button class="link" aria-label={`Anulează corectura ${i + 1}`} onClick={() => props.onWithdraw(i)}>anulează</button></li>)}
        </ol>
      )}
      <div class="buttons wrap">
        <button disabled={props.pending.length === 0} onClick={props.onUndo}>Anulează ultima corectură</button>
        <button disabled={props.redoable === 0} onClick={props.onRedo}>Refă corectura anulată{props.redoable > 1 ? ` (${props.redoable})` : ''}</button>
        <button class="primary" disabled={props.pending.length === 0 || props.saving} onClick={props.onSave}>{props.saving ? 'Se salvează…' : 'Salvează corecturile'}</button>
      </div>
      </fieldset>
    </section>
  );
}
