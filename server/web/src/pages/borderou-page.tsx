/**
 * Borderou: pick the day, choose or drop the CSV, see its rows and every problem with its line number
 * (the server parses it without saving), then confirm. Below: the day's versions, who and when.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, request, type Problem } from '../api.ts';
import { roDay, roInstant, today } from '../format.ts';
import { actor } from './audit-page.tsx';
import { ErrorSummary } from './error-summary.tsx';
import { countRo } from '../../../../shared/src/count-ro.ts';
import { delimiterLabel, encodingLabel } from '../../../../shared/src/borderou/csv-format-labels.ts';

interface PreviewRow {
  line: number;
  registrationNumber: string;
  department: string;
  expectedSheets: number | null;
  date: string | null;
  notes: string | null;
}
interface Preview {
  encoding: string;
  delimiter: string;
  entries: PreviewRow[];
  errors: Array<{ line: number; column: string | null; reason: string }>;
  warnings: Array<{ line: number; column: string | null; reason: string }>;
}
interface Version {
  version: number;
  uploadedAt: string;
  uploadedBy?: string | null;
  entries: number;
  encoding: string;
}
interface BorderouView {
  versions: Version[];
}
/** What the registry answered about a day's versions: the list (empty: no borderou that day), or why it could not be read. */
type VersionsAnswer = { day: string; list: Version[] } | { day: string; error: string };

/** Error codes about the file itself whose message the registry does not name it in (its size, the request). */
const FILE_PROBLEMS = new Set(['PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED']);
/** Refusals of the whole file the registry names it in itself, given ?name= («Borderoul „zi.csv”: …», «„x.docx” este …»). */
const NAMED_BY_REGISTRY = new Set(['CSV_INVALID', 'NOT_A_BORDEROU']);

/** The file's name for the registry to name it in its refusals (the query allows 255 characters). */
const nameQuery = (name: string) => `name=${encodeURIComponent(name.slice(0, 255))}`;

export function BorderouPage() {
  const [day, setDay] = useState(today());
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // the versions answer and the day it is about: while it is about another day than the one shown,
  // the day's versions are being asked (the old day's are not shown under the new day's title)
  const [versions, setVersions] = useState<VersionsAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  // dragenter/dragleave also fire on the zone's children (label, button): the zone is left only when
  // every enter has had its leave, so the highlight does not flicker while the file moves over them
  const [dragDepth, setDragDepth] = useState(0);
  const dragging = dragDepth > 0;
  /** The name of the file being checked or shown. */
  const [picked, setPicked] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // the file chosen last: an answer about an earlier one (still being checked) is dropped
  const chosenSeq = useRef(0);

  // a file dropped beside the zone would open in the tab in place of the page: refused everywhere else;
  // a drag that ends anywhere (dropped beside the zone, or Escape: Chromium then sends only dragend, no
  // dragleave) takes the highlight off
  useEffect(() => {
    const refuse = (e: DragEvent) => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault(); };
    const ended = () => setDragDepth(0);
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    window.addEventListener('drop', ended);
    window.addEventListener('dragend', ended);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
      window.removeEventListener('drop', ended);
      window.removeEventListener('dragend', ended);
    };
  }, []);

  // the day asked last: an answer about a day asked before it (the page's first day, a date still
  // being typed), come late, is dropped, or it would show that day's versions under this one's title
  const versionsSeq = useRef(0);
  const loadVersions = async (d: string) => {
    const seq = ++versionsSeq.current;
    let answer: VersionsAnswer;
    try {
      answer = { day: d, list: (await getJson<BorderouView>(`/api/borderouri?date=${d}`)).versions };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) answer = { day: d, list: [] };
      else answer = { day: d, error: err instanceof ApiError ? err.message : String(err) };
    }
    if (seq === versionsSeq.current) setVersions(answer);
  };
  useEffect(() => { void loadVersions(day); }, [day]);

  const choose = async (chosen: File | undefined) => {
    const seq = ++chosenSeq.current;
    setDone(null);
    setError(null);
    setPreview(null);
    setBytes(null);
    setPicked(chosen?.name ?? null);
    if (!chosen) return;
    try {
      const data = await chosen.arrayBuffer();
      // its name, for the registry to name it when it refuses the file whole (a Word document, no header…)
      const response = await request('POST', `/api/borderouri/preview?${nameQuery(chosen.name)}`, { body: data, contentType: 'text/csv' });
      const checked = (await response.json()) as Preview;
      if (seq !== chosenSeq.current) return;
      setBytes(data);
      setPreview(checked);
    } catch (err) {
      if (seq !== chosenSeq.current) return;
      // what is said about the file's content (an Excel workbook, no header, too large) names the file:
      // a dropped one is not named anywhere else the clerk looks. The registry names it itself in its
      // refusals of the whole file; the page names it, once, in the others.
      if (err instanceof ApiError && NAMED_BY_REGISTRY.has(err.code)) setError({ message: err.message, problems: err.problems });
      else if (err instanceof ApiError && FILE_PROBLEMS.has(err.code)) setError({ message: `„${chosen.name}”: ${err.message}`, problems: err.problems });
      else setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    }
  };

  const dropped = (files: FileList | undefined) => {
    if (!files || files.length === 0) return; // text or a link dragged in: nothing to read
    if (files.length > 1) {
      chosenSeq.current++;
      setPreview(null);
      setBytes(null);
      setDone(null);
      if (fileInput.current) fileInput.current.value = '';
      setPicked(null);
      setError({ message: `Ați tras ${countRo(files.length, 'fișier', 'fișiere')}: trageți doar fișierul CSV al borderoului zilei.`, problems: [] });
      return;
    }
    if (fileInput.current) fileInput.current.files = files; // the field names the file, as if it had been chosen
    void choose(files[0]);
  };

  const confirm = async () => {
    if (!bytes) return;
    setBusy(true);
    setError(null);
    try {
      const response = await request('POST', `/api/borderouri?date=${day}${picked ? `&${nameQuery(picked)}` : ''}`, { body: bytes, contentType: 'text/csv' });
      const result = (await response.json()) as { version: number; entries: number };
      setDone(`Borderoul zilei ${roDay(day)} a fost salvat: versiunea ${result.version}, ${countRo(result.entries, 'document', 'documente')}.`);
      setPreview(null);
      setBytes(null);
      setPicked(null);
      if (fileInput.current) fileInput.current.value = '';
      await loadVersions(day);
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    } finally {
      setBusy(false);
    }
  };

  // the versions drawn are the shown day's only: from the render that changes the day until its answer, none
  const shown = versions?.day === day ? versions : null;
  const loading = shown === null;
  const problems: Problem[] = preview ? preview.errors.map((e) => ({ line: e.line, path: e.column ?? undefined, reason: e.reason })) : [];

  return (
    <section>
      <h1>Borderou</h1>
      <p>Alegeți ziua și fișierul CSV al borderoului (UTF-8 sau Windows-1250, separat cu „;” sau „,”; se citește și textul delimitat de tabulatori salvat din Excel). Vedeți rândurile înainte de a-l salva.</p>
      {done && <div class="notice" role="status">{done}</div>}
      {error && <ErrorSummary message={error.message} problems={error.problems} />}
      <div class="field">
        <label for="borderou-day">Ziua borderoului</label>
        <input id="borderou-day" type="date" value={day} onInput={(e) => setDay((e.target as HTMLInputElement).value)} />
      </div>
      <div class={dragging ? 'field drop over' : 'field drop'}
        onDragEnter={() => setDragDepth((d) => d + 1)}
        onDragOver={(e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; setDragDepth((d) => Math.max(d, 1)); }}
        onDragLeave={() => setDragDepth((d) => Math.max(0, d - 1))}
        onDrop={(e) => { e.preventDefault(); e.stopPropagation(); setDragDepth(0); dropped(e.dataTransfer?.files); }}>
        <label for="borderou-file">Fișierul CSV (îl puteți și trage aici)</label>
        {/* the browser's own «Choose File / No file chosen» speaks the browser's language: ours is drawn over it */}
        <div class="file-pick">
          <span class="file-button">
            <input id="borderou-file" ref={fileInput} type="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="borderou-picked"
              onChange={(e) => void choose((e.target as HTMLInputElement).files?.[0])} />
            <span aria-hidden="true">Alegeți fișierul…</span>
          </span>
          <span id="borderou-picked">{picked ?? 'Niciun fișier ales'}</span>
        </div>
      </div>

      {preview && (
        <>
          <h2>Verificare: {picked}</h2>
          <p>Codare {encodingLabel(preview.encoding)}, {delimiterLabel(preview.delimiter)}; {countRo(preview.entries.length, 'rând bun', 'rânduri bune')}, {countRo(preview.errors.length, 'rând greșit', 'rânduri greșite')}.</p>
          {problems.length > 0 && (
            <ErrorSummary message={`Borderoul are ${countRo(problems.length, 'rând greșit', 'rânduri greșite')}. Corectați fișierul și alegeți-l din nou; nu se salvează nimic.`} problems={problems} />
          )}
          {preview.warnings.length > 0 && (
            <ul class="warnings" aria-label="Avertismente">
              {preview.warnings.map((w) => <li key={`${w.line}-${w.reason}`}>Rândul {w.line}: {w.reason}</li>)}
            </ul>
          )}
          <table>
            <caption>Rândurile borderoului</caption>
            <thead><tr><th>Rând</th><th>Număr de înregistrare</th><th>Structura</th><th>Nr. file</th><th>Data</th><th>Observații</th></tr></thead>
            <tbody>
              {preview.entries.map((r) => (
                <tr key={r.line}><td>{r.line}</td><td>{r.registrationNumber}</td><td>{r.department}</td>
                  <td class="num">{r.expectedSheets ?? '—'}</td><td>{r.date ? roDay(r.date) : '—'}</td><td>{r.notes ?? ''}</td></tr>
              ))}
            </tbody>
          </table>
          <button type="button" disabled={busy || preview.errors.length > 0 || preview.entries.length === 0} onClick={confirm}>
            Salvează borderoul zilei {roDay(day)}
          </button>
        </>
      )}

      <h2>Versiunile borderoului zilei {roDay(day)}</h2>
      {/* always in the page, so a screen reader hears what it starts saying; outside the busy part, which it may hold back */}
      <p role="status" class="loading">{loading ? `Se încarcă borderourile din ${roDay(day)}…` : ''}</p>
      <div id="borderou-versions" aria-busy={loading ? 'true' : 'false'}>
        {shown === null ? null : 'error' in shown ? (
          <p class="error-summary" role="alert">Versiunile borderoului zilei {roDay(day)} nu au putut fi citite: {shown.error}</p>
        ) : shown.list.length === 0 ? <p>Nu există borderou pentru această zi.</p> : (
          <table>
            <thead><tr><th>Versiunea</th><th>Încărcat la</th><th>De către</th><th>Documente</th><th>Codare</th></tr></thead>
            <tbody>
              {shown.list.map((v) => (
                <tr key={v.version}><td>{v.version}</td><td>{roInstant(v.uploadedAt)}</td><td>{v.uploadedBy ? actor(v.uploadedBy) : '—'}</td>
                  <td class="num">{v.entries}</td><td>{encodingLabel(v.encoding)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
