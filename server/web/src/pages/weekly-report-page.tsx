/**
 * Raport săptămânal: a period; per ISO week (labelled as the office does, «27 SEPTEMBRIE - 01 OCTOMBRIE
 * 2021») documents and sheets registered on the borderouri against documents, sheets and pages
 * processed; a chart; per department and per station; CSV, DOCX and PDF; «închide săptămâna».
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, sendJson } from '../api.ts';
import { addDays, roInstant, roNumber, today } from '../format.ts';
import type { SessionInfo } from '../main.tsx';
import { actor } from './audit-page.tsx';
import { ErrorSummary } from './error-summary.tsx';
import { WeeklyChart } from './weekly-chart.tsx';

interface Totals { documents: number; sheets: number; pages: number }
interface Week extends Totals {
  monday: string;
  title: string;
  isoWeek: number;
  registered: { documents: number; sheets: number };
  closed: { closedAt: string; closedBy: string; registered: { documents: number; sheets: number }; processed: Totals } | null;
  stations: Array<{ station: string } & Totals>;
  departments: Array<{ department: string | null } & Totals>;
  registeredDepartments: Array<{ department: string; documents: number; sheets: number }>;
}

interface DepartmentRow { name: string | null; registered?: { documents: number; sheets: number }; processed?: Totals }

/** Registered and processed side by side, per department (Romanian order; «fără structură» last). */
function departmentRows(w: Week): DepartmentRow[] {
  const rows = new Map<string | null, DepartmentRow>();
  for (const r of w.registeredDepartments) rows.set(r.department, { name: r.department, registered: r });
  for (const d of w.departments) rows.set(d.department, { ...(rows.get(d.department) ?? { name: d.department }), processed: d });
  const collator = new Intl.Collator('ro');
  return [...rows.values()].sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : collator.compare(a.name, b.name)));
}
interface Report { from: string; to: string; weeks: Week[]; totals: Totals }

function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

function Diff({ now, then }: { now: number; then: number | undefined }) {
  if (then === undefined || then === now) return null;
  const d = now - then;
  return <span class="diff" title="Diferență față de cifrele săptămânii închise">{' '}({d > 0 ? '+' : ''}{roNumber(d)} după închidere)</span>;
}

export function WeeklyReportPage({ session }: { session: SessionInfo }) {
  const [from, setFrom] = useState(addDays(mondayOf(today()), -21));
  const [to, setTo] = useState(addDays(mondayOf(today()), 6));
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<{ message: string; problems: Array<{ reason: string; path?: string }> } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // the answer to the newest question only: the weeks asked as the page opens, answered after the period
  // the clerk asked next, must not replace it
  const asked = useRef(0);
  const load = async (f = from, t = to) => {
    const n = ++asked.current;
    setError(null);
    try {
      const answer = await getJson<Report>(`/api/reports/weekly?from=${f}&to=${t}`);
      if (n === asked.current) setReport(answer);
    } catch (err) {
      if (n === asked.current) setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    }
  };
  useEffect(() => { void load(); }, []);

  const close = async (week: Week) => {
    if (!window.confirm(`Închideți săptămâna ${week.title}? Cifrele ei rămân cele de acum; corecturile ulterioare apar ca diferență.`)) return;
    setNotice(null);
    try {
      await sendJson('POST', '/api/reports/weekly/close', { week: week.monday });
      setNotice(`Săptămâna ${week.title} a fost închisă.`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    }
  };
  const canClose = session.user.role === 'admin' || session.user.role === 'raport';

  return (
    <section>
      <h1>Raport săptămânal</h1>
      <form class="toolbar no-print" onSubmit={(e) => { e.preventDefault(); void load(); }}>
        <div class="field">
          <label for="report-from">De la</label>
          <input id="report-from" type="date" required value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="report-to">Până la</label>
          <input id="report-to" type="date" required value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit">Arată</button>
        <a class="button" href={`/api/reports/weekly?from=${from}&to=${to}&format=csv`} download>Descarcă CSV</a>
      </form>
      {error && <ErrorSummary message={error.message} problems={error.problems} />}
      {notice && <div class="notice" role="status">{notice}</div>}
      {report && (
        <>
          <WeeklyChart weeks={report.weeks} />
          <table class="weeks">
            <caption>Scanare documente, pe săptămâni</caption>
            <thead>
              <tr><th>Săptămâna</th><th>Nr. documente înregistrate</th><th>Nr. file înregistrate</th>
                <th>Nr. documente procesate</th><th>Nr. file procesate</th><th>Nr. pagini</th><th>Stare</th><th>Export</th></tr>
            </thead>
            <tbody>
              {report.weeks.map((w) => (
                <tr key={w.monday}>
                  <th scope="row">{w.title}</th>
                  <td class="num">{roNumber(w.registered.documents)}<Diff now={w.registered.documents} then={w.closed?.registered.documents} /></td>
                  <td class="num">{roNumber(w.registered.sheets)}<Diff now={w.registered.sheets} then={w.closed?.registered.sheets} /></td>
                  <td class="num">{roNumber(w.documents)}<Diff now={w.documents} then={w.closed?.processed.documents} /></td>
                  <td class="num">{roNumber(w.sheets)}<Diff now={w.sheets} then={w.closed?.processed.sheets} /></td>
                  <td class="num">{roNumber(w.pages)}<Diff now={w.pages} then={w.closed?.processed.pages} /></td>
                  <td>{w.closed ? `închisă la ${roInstant(w.closed.closedAt)} de ${actor(w.closed.closedBy)}` : (
                    canClose ? <button type="button" onClick={() => void close(w)} aria-label={`Închide săptămâna ${w.title}`}>Închide săptămâna</button> : 'deschisă'
                  )}</td>
                  <td>
                    <a href={`/api/reports/weekly/scanning.docx?week=${w.monday}`} download aria-label={`DOCX pentru ${w.title}`}>DOCX</a>{' '}
                    <a href={`/api/reports/weekly/scanning.pdf?week=${w.monday}`} download aria-label={`PDF pentru ${w.title}`}>PDF</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.weeks.filter((w) => w.documents > 0 || w.registered.documents > 0).map((w) => (
            <details key={w.monday}>
              <summary>{w.title}: pe structuri și pe stații</summary>
              <table>
                <caption>Pe structuri</caption>
                <thead><tr><th>Structura</th><th>Documente înregistrate</th><th>File înregistrate</th><th>Documente procesate</th><th>File procesate</th><th>Pagini</th></tr></thead>
                <tbody>{departmentRows(w).map((d) => (
                  <tr key={d.name ?? ''}><td>{d.name ?? 'Fără structură (lipsește din borderou)'}</td>
                    <td class="num">{d.registered ? roNumber(d.registered.documents) : '—'}</td><td class="num">{d.registered ? roNumber(d.registered.sheets) : '—'}</td>
                    <td class="num">{roNumber(d.processed?.documents ?? 0)}</td><td class="num">{roNumber(d.processed?.sheets ?? 0)}</td><td class="num">{roNumber(d.processed?.pages ?? 0)}</td></tr>
                ))}</tbody>
              </table>
              <table>
                <caption>Pe stații</caption>
                <thead><tr><th>Stația</th><th>Documente procesate</th><th>File</th><th>Pagini</th></tr></thead>
                <tbody>{w.stations.map((s) => (
                  <tr key={s.station}><td>{s.station}</td><td class="num">{roNumber(s.documents)}</td><td class="num">{roNumber(s.sheets)}</td><td class="num">{roNumber(s.pages)}</td></tr>
                ))}</tbody>
              </table>
            </details>
          ))}
        </>
      )}
    </section>
  );
}
