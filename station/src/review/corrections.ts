/**
 * The clerk's corrections to a batch, each a pure step from one layout to the next (so undo is
 * replaying the list without its last entry). A correction that makes no sense for the page or
 * document it names is refused with a Romanian message and changes nothing.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { documentAt, placeOf, type Layout, type LayoutDoc, type Rotation } from './batch-layout.ts';

export type Correction =
  | { type: 'split'; seq: number; id: string }
  | { type: 'merge'; key: string }
  | { type: 'move'; seq: number; toKey: string }
  | { type: 'rotate'; seq: number; degrees: 90 | 180 | 270 }
  | { type: 'restore-blank'; seq: number }
  | { type: 'take-out'; seq: number }
  | { type: 'to-content'; seq: number }
  | { type: 'to-separator'; seq: number; id: string }
  | { type: 'change-id'; key: string; id: string };

export const CORRECTION_TYPES = ['split', 'merge', 'move', 'rotate', 'restore-blank', 'take-out', 'to-content', 'to-separator', 'change-id'] as const;

function refuse(message: string): never {
  throw new StationError('VALIDATION_FAILED', message, { field: 'correction' });
}

/** An id typed by the clerk must be a registration number (the separator rule). */
export function checkId(id: unknown, pattern: RegExp): string {
  const v = typeof id === 'string' ? id.trim() : '';
  if (!v || v.length > 64 || !pattern.test(v)) refuse(`„${String(id ?? '').slice(0, 80)}” nu este un număr de înregistrare valid (de exemplu 84512/27.09.2021).`);
  return v;
}

function clone(l: Layout): Layout {
  return { ...l, documents: l.documents.map((d) => ({ ...d, pages: [...d.pages], flags: [...d.flags] })), unassigned: [...l.unassigned], separators: [...l.separators], blanks: [...l.blanks], removed: [...l.removed], rotations: { ...l.rotations } };
}

function contentDoc(l: Layout, seq: number): LayoutDoc {
  const at = placeOf(l, seq);
  if (!at || at.kind !== 'document') refuse(`Pagina ${seq + 1} nu este o pagină de document.`);
  return at.doc;
}

function docByKey(l: Layout, key: string): LayoutDoc {
  const d = l.documents.find((x) => x.key === key);
  if (!d) refuse('Documentul nu mai există în lot.');
  return d;
}

const insertSorted = (list: number[], seq: number) => {
  list.push(seq);
  list.sort((a, b) => a - b);
};

function newDoc(l: Layout, id: string, pages: number[], separatorSeq: number | null): LayoutDoc {
  return { key: `n${l.nextKey++}`, id, pages, separatorSeq, flags: [], original: null };
}

/** Applies one correction; `idRule` checks typed ids. */
export function applyCorrection(layout: Layout, c: Correction, idRule: RegExp): Layout {
  const l = clone(layout);
  switch (c.type) {
    case 'split': {
      const d = contentDoc(l, c.seq);
      const at = d.pages.indexOf(c.seq);
      if (at === 0) refuse(`Pagina ${c.seq + 1} este deja prima pagină a documentului ${d.id}.`);
      const part = newDoc(l, checkId(c.id, idRule), d.pages.splice(at), null);
      l.documents.splice(l.documents.indexOf(d) + 1, 0, part);
      return l;
    }
    case 'merge': {
      const d = docByKey(l, c.key);
      const i = l.documents.indexOf(d);
      if (i === 0) refuse(`Documentul ${d.id} este primul din lot: nu are document anterior.`);
      const prev = l.documents[i - 1]!;
      prev.pages.push(...d.pages);
      prev.pages.sort((a, b) => a - b);
      l.documents.splice(i, 1);
      return l;
    }
    case 'move': {
      const from = contentDoc(l, c.seq);
      const to = docByKey(l, c.toKey);
      if (from === to) refuse(`Pagina ${c.seq + 1} este deja în documentul ${to.id}.`);
      from.pages.splice(from.pages.indexOf(c.seq), 1);
      insertSorted(to.pages, c.seq);
      return l;
    }
    case 'rotate': {
      if (![90, 180, 270].includes(c.degrees)) refuse('O pagină se rotește cu 90, 180 sau 270 de grade.');
      const at = placeOf(l, c.seq);
      if (!at || (at.kind !== 'document' && at.kind !== 'unassigned')) refuse(`Pagina ${c.seq + 1} nu este o pagină de document.`);
      l.rotations[c.seq] = (((l.rotations[c.seq] ?? 0) + c.degrees) % 360) as Rotation;
      if (l.rotations[c.seq] === 0) delete l.rotations[c.seq];
      return l;
    }
    case 'restore-blank': {
      const i = l.blanks.findIndex((b) => b.seq === c.seq);
      if (i < 0) refuse(`Pagina ${c.seq + 1} nu este o pagină albă eliminată.`);
      l.blanks.splice(i, 1);
      const d = documentAt(l, c.seq);
      if (d) insertSorted(d.pages, c.seq);
      else insertSorted(l.unassigned, c.seq);
      return l;
    }
    case 'take-out': {
      const at = placeOf(l, c.seq);
      if (!at || (at.kind !== 'document' && at.kind !== 'unassigned')) refuse(`Pagina ${c.seq + 1} nu este o pagină de document.`);
      if (at.kind === 'document') at.doc.pages.splice(at.doc.pages.indexOf(c.seq), 1);
      else l.unassigned.splice(l.unassigned.indexOf(c.seq), 1);
      insertSorted(l.removed, c.seq);
      return l;
    }
    case 'to-content': {
      const i = l.separators.indexOf(c.seq);
      if (i < 0) refuse(`Pagina ${c.seq + 1} nu este un separator.`);
      l.separators.splice(i, 1);
      const d = documentAt(l, c.seq);
      if (d) insertSorted(d.pages, c.seq);
      else insertSorted(l.unassigned, c.seq);
      return l;
    }
    case 'to-separator': {
      const id = checkId(c.id, idRule);
      const at = placeOf(l, c.seq);
      if (!at || (at.kind !== 'document' && at.kind !== 'unassigned')) refuse(`Pagina ${c.seq + 1} nu este o pagină de document.`);
      const list = at.kind === 'document' ? at.doc.pages : l.unassigned;
      const k = list.indexOf(c.seq);
      const after = list.splice(k).slice(1);
      insertSorted(l.separators, c.seq);
      const part = newDoc(l, id, after, c.seq);
      const before = at.kind === 'document' ? l.documents.indexOf(at.doc) + 1 : 0;
      l.documents.splice(before, 0, part);
      return l;
    }
    case 'change-id': {
      const d = docByKey(l, c.key);
      d.id = checkId(c.id, idRule);
      d.flags = d.flags.filter((f) => f !== 'generic');
      return l;
    }
    default:
      return refuse('Corectură necunoscută.');
  }
}

/** Checks the shape of a correction sent by the page. */
export function parseCorrection(v: unknown): Correction {
  if (typeof v !== 'object' || v === null) refuse('Corectura nu are forma așteptată.');
  const c = v as Record<string, unknown>;
  if (!(CORRECTION_TYPES as readonly unknown[]).includes(c.type)) refuse('Corectură necunoscută.');
  for (const k of ['seq'] as const) if (k in c && (!Number.isInteger(c[k]) || (c[k] as number) < 0)) refuse('Pagina corecturii nu este validă.');
  return c as unknown as Correction;
}

/** «what» of a correction, in Romanian, for the journal and summary.json. */
export function describeCorrection(c: Correction, l: Layout): string {
  const docId = (key: string) => l.documents.find((d) => d.key === key)?.id ?? key;
  switch (c.type) {
    case 'split': return `Document nou ${c.id} începând cu pagina ${c.seq + 1}`;
    case 'merge': return `Documentul ${docId(c.key)} unit cu documentul anterior`;
    case 'move': return `Pagina ${c.seq + 1} mutată în documentul ${docId(c.toKey)}`;
    case 'rotate': return `Pagina ${c.seq + 1} rotită cu ${c.degrees}°`;
    case 'restore-blank': return `Pagina albă ${c.seq + 1} readusă în document`;
    case 'take-out': return `Pagina ${c.seq + 1} scoasă din document (păstrată separat)`;
    case 'to-content': return `Separatorul de la pagina ${c.seq + 1} devine pagină de document`;
    case 'to-separator': return `Pagina ${c.seq + 1} devine separator pentru ${c.id}`;
    case 'change-id': return `Documentul ${docId(c.key)} primește numărul ${c.id}`;
  }
}
