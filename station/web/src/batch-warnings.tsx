/**
 * A batch's warnings (a file left out of the input or watched folder, pages processed without the
 * page workers …): the same Romanian texts the terminal prints, under a heading a screen reader
 * finds, as a list. On the batch's page from summary.json (`clerkWarnings`); on the scan page as
 * they arrive (`live`: read out politely).
 */
import { countRo } from '../../../shared/src/count-ro.ts';
import { WARNINGS_TITLE } from '../../../shared/src/summary-warnings.ts';

export function BatchWarnings(props: { warnings: readonly { message: string }[]; live?: boolean }) {
  const { warnings } = props;
  if (warnings.length === 0) return null;
  return (
    <section class="batch-warnings" aria-labelledby="batch-warnings-title" aria-live={props.live ? 'polite' : undefined}>
      <h2 id="batch-warnings-title">{WARNINGS_TITLE}: {countRo(warnings.length, 'avertisment', 'avertismente')} pentru acest lot</h2>
      <ul>
        {warnings.map((w, i) => <li key={i}>{w.message}</li>)}
      </ul>
    </section>
  );
}
