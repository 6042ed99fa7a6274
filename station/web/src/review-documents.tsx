/**
 * The review page's left column: the batch's documents with their pages (drawn as the clerk
 * scrolls), then the separator pages and removed blank pages apart, with why.
 */
import type { Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fileUrl, thumbUrl } from './api.ts';
import type { LayoutView } from './review-model.ts';
import { startedByText, type Summary } from './review-model.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { givenNumber, summaryDocumentAt, summaryDocumentOf } from '../../../shared/src/summary-document.ts';

/**
 * Thumbnails are asked for only when they come near the screen (one observer for the page, a
 * smaller margin than the browser's own lazy loading): a long batch opens with the visible ones
 * first and scrolls without loading every page.
 */
const near = new WeakMap<Element, () => void>();
let watcher: IntersectionObserver | null = null;
function whenNear(el: Element, show: () => void): () => void {
  watcher ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      near.get(e.target)?.();
      near.delete(e.target);
      watcher!.unobserve(e.target);
    }
  }, { rootMargin: '300px 0px' });
  near.set(el, show);
  watcher.observe(el);
  return () => {
    near.delete(el);
    watcher?.unobserve(el);
  };
}

function LazyThumb(props: { src: string; rotation: number }) {
  const ref = useRef<HTMLImageElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => (ref.current ? whenNear(ref.current, () => setShown(true)) : undefined), []);
  return <img ref={ref} src={shown ? props.src : undefined} alt="" width={96} height={shown ? undefined : 136} style={props.rotation ? { transform: `rotate(${props.rotation}deg)${props.rotation % 180 ? ' scale(0.7)' : ''}` } : undefined} />;
}

const FLAG_NAMES: Record<string, string> = { duplicate: 'dublură', empty: 'gol', generic: 'separator generic' };

interface ThumbProps { batchId: string; rotation: (seq: number) => number; selected: number | null; onSelect: (seq: number) => void; onOpen: (seq: number) => void }

function Thumb(props: ThumbProps & { seq: number; why?: string }) {
  const selected = props.selected === props.seq;
  const rotation = props.rotation(props.seq);
  return (
    <li class={selected ? 'selected' : undefined}>
      <button class="thumb" aria-pressed={selected} onClick={() => props.onSelect(props.seq)} onDblClick={() => props.onOpen(props.seq)}
        aria-label={`Pagina ${props.seq + 1}${props.why ? `, ${props.why}` : ''}`}>
        <LazyThumb src={thumbUrl(props.batchId, props.seq)} rotation={rotation} />
      </button>
      <span>p. {props.seq + 1}{props.why ? ` · ${props.why}` : ''}</span>
    </li>
  );
}

export function ReviewDocuments(props: ThumbProps & {
  layout: LayoutView; summary: Summary | null; shown: number; unsaved: boolean; live: boolean; more: Ref<HTMLDivElement>;
}) {
  const { layout: l, summary: s } = props;
  const thumb = (seq: number, why?: string) => <Thumb key={seq} {...props} seq={seq} why={why} />;
  const duplex = Boolean(s?.options?.duplex);
  // how many saved documents (with a file) each number has: counted once, not per document
  const filesPerNumber = useMemo(() => {
    const count = new Map<string, number>();
    for (const x of s?.documents ?? []) if (x.file) count.set(x.assignedId ?? x.id, (count.get(x.assignedId ?? x.id) ?? 0) + 1);
    return count;
  }, [s]);
  return (
    <section aria-labelledby="docs-title">
      <h2 id="docs-title">Documente ({l.documents.length})</h2>
      {l.unassigned.length > 0 && (
        <article class="doc" aria-label="Pagini nerepartizate">
          <h3>Pagini nerepartizate (înaintea primului separator)</h3>
          <ul class="thumbs">{l.unassigned.map((seq) => thumb(seq))}</ul>
        </article>
      )}
      {l.documents.slice(0, props.shown).map((doc) => {
        // the number as the station's layout gives the department (one rule: summary-document.ts); the PDF and sheets only while unchanged
        const shown = givenNumber(s?.documents, doc);
        const saved = doc.changed ? undefined : summaryDocumentOf(s?.documents, doc);
        // two documents of one number: each link also names its own file, so a screen reader tells them apart
        const twin = Boolean(saved?.file) && (filesPerNumber.get(shown) ?? 0) > 1;
        const begun = doc.key.startsWith('n') ? 'început de operator (corectură)' : startedByText(summaryDocumentAt(s?.documents, doc.key), duplex);
        const facts = [
          props.live ? null : (doc.department ?? 'structură necunoscută (nu e în borderou)'),
          countRo(doc.pages.length, 'pagină', 'pagini'),
          saved ? countRo(saved.sheets, 'filă', 'file') : null,
          begun,
        ].filter(Boolean).join(' · ');
        return (
          <article class={doc.changed && props.unsaved ? 'doc changed' : 'doc'} key={doc.key} aria-label={`Documentul ${shown}`}>
            <h3>{shown} {[...new Set([...doc.flags, ...(saved?.flags ?? [])])].map((f) => <span key={f} class={`flag flag-${f}`}>{FLAG_NAMES[f] ?? f}</span>)}{doc.changed && props.unsaved && <span class="flag">modificat, nesalvat</span>}</h3>
            <p>{facts}{saved?.file && <> · <a href={fileUrl(props.batchId, saved.file)} target="_blank" rel="noopener" aria-label={`PDF-ul documentului ${shown}${twin ? ` (${saved!.file})` : ''}`}>PDF</a></>}</p>
            <ul class="thumbs">{doc.pages.map((seq) => thumb(seq))}</ul>
          </article>
        );
      })}
      {props.shown < l.documents.length && <div ref={props.more} class="hint" role="status">Se afișează primele {countRo(props.shown, 'document', 'documente')} din {l.documents.length}…</div>}
      {props.shown >= l.documents.length && <>
        <h2>Separatoare ({l.separators.length})</h2>
        <ul class="thumbs" aria-label="Separatoare">{l.separators.map((x) => thumb(x.seq, x.why ?? (props.live ? 'separator' : 'fără cod citit (verso)')))}</ul>
        <h2>Pagini albe eliminate ({l.blanks.length})</h2>
        <ul class="thumbs" aria-label="Pagini albe eliminate">{l.blanks.map((b) => thumb(b.seq, props.live ? 'albă' : `cerneală ${(b.inkRatio * 100).toFixed(3)} %`))}</ul>
        {l.removed.length > 0 && <>
          <h2>Pagini scoase de operator ({l.removed.length})</h2>
          <ul class="thumbs" aria-label="Pagini scoase de operator">{l.removed.map((seq) => thumb(seq, 'păstrată separat'))}</ul>
        </>}
      </>}
    </section>
  );
}
