// Preloaded into a registry server by bench/server-gc.ts (`node --import …/gc-observe.mjs bin/server.js serve`):
// counts its GC pauses by kind from a SIGUSR2 on (after start-up and warm-up) and writes them to GC_OUT when it exits.
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
let totals = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? 'other';
    const t = (totals[kind] ??= { count: 0, ms: 0 });
    t.count += 1;
    t.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  totals = {};
});
process.on('exit', () => writeFileSync(process.env.GC_OUT, JSON.stringify({ totals, peakRssKb: process.resourceUsage().maxRSS })));
