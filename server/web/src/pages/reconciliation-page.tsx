/**
 * Reconciliere: the day's borderou against the scanned documents, kept up to date without a reload
 * (the page asks every few seconds; the server answers 304 while nothing changed). Filters, per
 * department, each document with its station, batch, pages, sheets and SHA-256; printable.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api.ts';
import { roDay, roInstant, today } from '../format.ts';

const POLL_MS = 3000;

interface Dept { department: string | null; expected: number; scanned: number; missing: number; empty: number; expectedSheets: number; scannedSheets: number; pages: number }
interface Reconciliation {
  date: string;
  borderou: { version: number; uploadedAt: string; entries: number } | null;
  expected: number;
  scanned: number;
  matched: Array<{ registrationNumber: string; department: string; expectedSheets: number | null; sheets: number; pages: number }>;
  missing: Array<{ registrationNumber: string; department: string; expectedSheets: number | null }>;
  unexpected: Array<{ id: string; pages: number; sheets: number }>;
  duplicates: Array<{ id: string; count: number }>;
  empty: Array<{ id: string; department: string | null }>;
  sheetMismatch: Array<{ registrationNumber: string; department: string; expectedSheets: number; scannedSheets: number }>;
  byDepartment: Dept[];
  warnings: string[];
}
interface DayDocument { id: string; station: string; batchId: string; batchVersion: number; pages: number; sheets: number; sha256: string | null; department: string; flags: string[]; file: string | null }
interface View { report: Reconciliation; documents: DayDocument[]; updatedAt: string }

type Filter = 'toate' | 'lipsa' | 'neasteptate' | 'duplicate' | 'goale' | 'file';
const FILTERS: Array<[Filter, string]> = [
  ['toate', 'Toate documentele scanate'], ['lipsa', 'Lipsă (în borderou, nescanate)'], ['neasteptate', 'Neașteptate (scanate, nu sunt în borderou)'],
  ['duplicate', 'Duplicate'], ['goale', 'Documente goale'], ['file', 'Nr. file diferit'],
];

async function fetchIfChanged(path: string, etags: Map<string, string>): Promise<unknown | null> {
  const etag = etags.get(path);
  const response = await request('GET', path, etag ? { headers: { 'if-none-match': etag } } : {});
  if (response.status === 304) return null;
  const next = response.headers.get('etag');
  if (next) etags.set(path, next);
  return response.json();
}

export function ReconciliationPage() {
  const [day, setDay] = useState(today());
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('toate');
  const [department, setDepartment] = useState('');
  const etags = useRef(new Map<string, string>());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    etags.current.clear();
    setView(null);
    let current: View | null = null;
    const tick = async () => {
      try {
        const [report, docs] = await Promise.all([
          fetchIfChanged(`/api/reconciliation?date=${day}`, etags.current),
          fetchIfChanged(`/api/reconciliation/documents?date=${day}`, etags.current),
        ]);
        if (!stopped && (report || docs || !current)) {
          current = {
            report: (report as Reconciliation | null) ?? current!.report,
            documents: (docs as { documents: DayDocument[] } | null)?.documents ?? current!.documents,
            updatedAt: new Date().toISOString(),
          };
          setView(current);
        }
        if (!stopped) setError(null);
      } catch (err) {
        if (!stopped) setError(err instanceof ApiError ? err.message : String(err));
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => { stopped = true; clearTimeout(timer); };
  }, [day]);

  const r = view?.report;
  const inDept = (d: string | null | undefined) => department === '' || (d ?? '') === department;
  const missingKeys = new Set(r?.missing.map((m) => m.registrationNumber));
  const unexpectedIds = new Set(r?.unexpected.map((u) => u.id));
  const duplicateIds = new Set(r?.duplicates.map((d) => d.id));
  const mismatchIds = new Set(r?.sheetMismatch.map((m) => m.registrationNumber));
  const docs = (view?.documents ?? []).filter((d) => inDept(d.department)).filter((d) => {
    switch (filter) {
      case 'neasteptate': return unexpectedIds.has(d.id);
      case 'duplicate': return duplicateIds.has(d.id);
      case 'goale': return d.file === null;
      case 'file': return mismatchIds.has(d.id);
      default: return true;
    }
  });

  return (
    <section class="reconciliation">
      <h1>Reconciliere — {roDay(day)}</h1>
      <div class="toolbar no-print">
        <div class="field">
          <label for="recon-day">Ziua</label>
          <input id="recon-day" type="date" value={day} onInput={(e) => setDay((e.target as HTMLInputElement).value || today())} />
        </div>
        <div class="field">
          <label for="recon-filter">Arată</label>
          <select id="recon-filter" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as Filter)}>
            {FILTERS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="recon-dept">Structura</label>
          <select id="recon-dept" value={department} onChange={(e) => setDepartment((e.target as HTMLSelectElement).value)}>
            <option value="">Toate structurile</option>
            {r?.byDepartment.filter((d) => d.department !== null).map((d) => <option key={d.department} value={d.department!}>{d.department}</option>)}
          </select>
        </div>
        <button type="button" onClick={() => window.print()}>Tipărește</button>
      </div>
      {error && <div class="error-summary" role="alert">{error}</div>}
      {!r ? <p>Se încarcă…</p> : (
        <>
          <p class="muted" aria-live="polite">
            {r.borderou ? `Borderou versiunea ${r.borderou.version}, încărcat la ${roInstant(r.borderou.uploadedAt)}.` : 'Nu există borderou pentru această zi.'}
            {' '}Actualizat automat; ultima verificare: {roInstant(view!.updatedAt)}.
          </p>
          {r.warnings.length > 0 && <ul class="warnings">{r.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          <dl class="figures" aria-label="Totaluri">
            <div><dt>Așteptate</dt><dd data-figure="expected">{r.expected}</dd></div>
            <div><dt>Scanate</dt><dd data-figure="scanned">{r.scanned}</dd></div>
            <div><dt>Lipsă</dt><dd data-figure="missing">{r.missing.length}</dd></div>
            <div><dt>Neașteptate</dt><dd data-figure="unexpected">{r.unexpected.length}</dd></div>
            <div><dt>Duplicate</dt><dd data-figure="duplicates">{r.duplicates.length}</dd></div>
            <div><dt>Goale</dt><dd data-figure="empty">{r.empty.length}</dd></div>
            <div><dt>Nr. file diferit</dt><dd data-figure="sheet-mismatch">{r.sheetMismatch.length}</dd></div>
          </dl>

          <table>
            <caption>Pe structuri</caption>
            <thead><tr><th>Structura</th><th>Așteptate</th><th>Scanate</th><th>Lipsă</th><th>Goale</th><th>File așteptate</th><th>File scanate</th><th>Pagini</th></tr></thead>
            <tbody>
              {r.byDepartment.filter((d) => inDept(d.department)).map((d) => (
                <tr key={d.department ?? ''}><td>{d.department ?? 'Nerepartizate (nu sunt în borderou)'}</td><td class="num">{d.expected}</td><td class="num">{d.scanned}</td>
                  <td class="num">{d.missing}</td><td class="num">{d.empty}</td><td class="num">{d.expectedSheets}</td><td class="num">{d.scannedSheets}</td><td class="num">{d.pages}</td></tr>
              ))}
            </tbody>
          </table>

          {filter === 'lipsa' || r.missing.length > 0 ? (
            <table hidden={filter !== 'lipsa' && filter !== 'toate'}>
              <caption>Lipsă: în borderou, nescanate</caption>
              <thead><tr><th>Număr de înregistrare</th><th>Structura</th><th>Nr. file</th></tr></thead>
              <tbody>
                {r.missing.filter((m) => inDept(m.department)).map((m) => (
                  <tr key={m.registrationNumber}><td>{m.registrationNumber}</td><td>{m.department}</td><td class="num">{m.expectedSheets ?? '—'}</td></tr>
                ))}
              </tbody>
            </table>
          ) : null}

          {filter !== 'lipsa' && (
            <table>
              <caption>Documente scanate ({docs.length})</caption>
              <thead><tr><th>Număr de înregistrare</th><th>Structura</th><th>Stația</th><th>Lotul</th><th>Pagini</th><th>File</th><th>Observații</th><th>SHA-256</th></tr></thead>
              <tbody>
                {docs.map((d, i) => (
                  <tr key={`${d.batchId}-${i}`}>
                    <td>{d.id}</td><td>{d.department || '—'}</td><td>{d.station}</td><td>{d.batchId}{d.batchVersion > 1 ? ` (versiunea ${d.batchVersion}, corectat)` : ''}</td>
                    <td class="num">{d.pages}</td><td class="num">{d.sheets}</td>
                    <td>{[
                      missingKeys.has(d.id) ? 'lipsă' : '',
                      unexpectedIds.has(d.id) ? 'neașteptat' : '',
                      duplicateIds.has(d.id) ? 'duplicat' : '',
                      d.file === null ? 'gol' : '',
                      mismatchIds.has(d.id) ? 'nr. file diferit' : '',
                    ].filter(Boolean).join(', ')}</td>
                    <td class="hash">{d.sha256 ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
