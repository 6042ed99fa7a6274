/**
 * The batch's warnings on its page (a file left out of the input folder, pages processed without
 * the page workers …): the same Romanian texts the terminal report prints, from summary.json,
 * under a heading a screen reader finds, as a list.
 */
import { countRo } from '../../../shared/src/count-ro.ts';
import { clerkWarnings, WARNINGS_TITLE } from '../../../shared/src/summary-warnings.ts';
import type { Summary } from './review-model.ts';

export function BatchWarnings(props: { summary: Summary | null }) {
  const warnings = props.summary ? clerkWarnings(props.summary) : [];
  if (warnings.length === 0) return null;
  return (
    <section class="batch-warnings" aria-labelledby="batch-warnings-title">
      <h2 id="batch-warnings-title">{WARNINGS_TITLE}: {countRo(warnings.length, 'avertisment', 'avertismente')} pentru acest lot</h2>
      <ul>
        {warnings.map((w, i) => <li key={i}>{w.message}</li>)}
      </ul>
    </section>
  );
}
