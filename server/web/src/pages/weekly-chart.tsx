/**
 * Documents (left axis), sheets and pages (right axis) per ISO week, as lines with points (uPlot,
 * bundled with the app).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartWeek { title: string; documents: number; sheets: number; pages: number }

const fmt = (v: number | null): string => (v === null ? '—' : new Intl.NumberFormat('ro-RO').format(v));

export function WeeklyChart({ weeks }: { weeks: ChartWeek[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const line = (label: string, stroke: string, scale: string): uPlot.Series => ({
      label, stroke, scale, width: 2, points: { show: true, size: 7, fill: stroke }, value: (_u, v) => fmt(v),
    });
    const width = Math.max(480, Math.min(1100, box.current.clientWidth || 900));
    const plot = new uPlot({
      width,
      height: 320,
      title: 'Documente, file și pagini pe săptămână',
      scales: { x: { time: false, range: [-0.3, Math.max(weeks.length - 0.7, 0.3)] }, docs: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] }, sheets: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (weeks[t]?.title.replace(/ \d{4}$/, '') ?? '') : '')), space: 80, incrs: [1] },
        { scale: 'docs', label: 'Documente', values: (_u, ticks) => ticks.map(fmt), size: 70 },
        { scale: 'sheets', side: 1, label: 'File, pagini', values: (_u, ticks) => ticks.map(fmt), size: 80, grid: { show: false } },
      ],
      series: [
        { label: 'Săptămâna', value: (_u, v) => (v === null ? '' : weeks[v]?.title ?? '') },
        line('Documente', '#1d70b8', 'docs'),
        line('File', '#00703c', 'sheets'),
        line('Pagini', '#d4351c', 'sheets'),
      ],
    }, [
      weeks.map((_, i) => i),
      weeks.map((w) => w.documents),
      weeks.map((w) => w.sheets),
      weeks.map((w) => w.pages),
    ] as uPlot.AlignedData, box.current);
    return () => plot.destroy();
  }, [weeks]);
  return <div ref={box} class="chart" role="img" aria-label="Grafic: documente, file și pagini pe săptămână" />;
}
