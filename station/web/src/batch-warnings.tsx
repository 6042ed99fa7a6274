/**
 * A batch's warnings (a file left out of the input or watched folder, pages processed without the
 * page workers …): the same Romanian texts the terminal prints, under a heading a screen reader
 * finds, as a list. On the batch's page from summary.json (`clerkWarnings`); on the scan page as
 * they arrive (`live`): inside a live region (a log, read out politely) that is on the page, empty,
 * from the batch's start — screen readers often do not announce a live region that appears already
 * filled, so it must be there before its first warning.
 */
import { countRo } from '../../../shared/src/count-ro.ts';
import { WARNINGS_TITLE } from '../../../shared/src/summary-warnings.ts';

/** The live region's name (the scan page's warnings as they arrive). */
const LIVE_WARNINGS_LABEL = 'Avertismentele lotului';

export function BatchWarnings(props: { warnings: readonly { message: string }[]; live?: boolean }) {
  const { warnings } = props;
  const shown = warnings.length === 0 ? null : (
    <section class="batch-warnings" aria-labelledby="batch-warnings-title">
      <h2 id="batch-warnings-title">{WARNINGS_TITLE}: {countRo(warnings.length, 'avertisment', 'avertismente')} pentru acest lot</h2>
      <ul>
        {warnings.map((w, i) => <li key={i}>{w.message}</li>)}
      </ul>
    </section>
  );
  if (!props.live) return shown;
  return <div role="log" aria-live="polite" aria-label={LIVE_WARNINGS_LABEL}>{shown}</div>;
}
