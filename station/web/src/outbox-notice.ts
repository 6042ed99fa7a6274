/**
 * The line «Coada de trimitere» says after «Trimite din nou», kept true to the list below it: it
 * remembers the state each report it speaks of had right after the sending (the station's answer).
 * A list read later (the page follows the station's 'outbox' events) that shows one of them otherwise
 * — delivered by the background sender, failed or refused after another page sent it again, queued
 * again by corrections saved — replaces the line with what changed, so the page never says «Trimis»
 * above a row that is waiting, or «Netrimis» while the list no longer holds the report.
 */

/** A report as the list shows it: waiting, refused by the server, or gone from it (it reached the registry). */
export type ReportState = 'waiting' | 'attention' | 'sent';

export interface Notice {
  text: string;
  reports: { batchId: string; state: ReportState }[];
  /** The first list request made after the notice's states were read: older lists are not compared with it. */
  from: number;
}

const NOW: Record<ReportState, (before: ReportState) => string> = {
  sent: () => 'a ajuns la registratură',
  waiting: (before) => (before === 'sent' ? 'așteaptă din nou trimiterea' : 'așteaptă trimiterea'),
  attention: () => 'a fost refuzat de server',
};

const stateIn = (items: readonly { batchId: string; state: 'waiting' | 'attention' }[], batchId: string): ReportState =>
  items.find((i) => i.batchId === batchId)?.state ?? 'sent';

/**
 * The notice as the list `shown` reads: the same object while it agrees with it; otherwise a new one
 * about the reports that changed only, in Romanian, its states those of the list.
 */
export function noticeNow(notice: Notice | null, shown: { list: { items: { batchId: string; state: 'waiting' | 'attention' }[] }; asked: number } | null): Notice | null {
  if (!notice || !shown || shown.asked < notice.from) return notice;
  const changed = notice.reports
    .map((r) => ({ batchId: r.batchId, before: r.state, state: stateIn(shown.list.items, r.batchId) }))
    .filter((r) => r.state !== r.before);
  if (changed.length === 0) return notice;
  const said = changed.map((r) => `raportul lotului ${r.batchId} ${NOW[r.state](r.before)}`).join('; ');
  const why = changed.some((r) => r.state !== 'sent') ? ' Motivul este scris în listă.' : '';
  return { text: `Între timp, ${said}.${why}`, reports: changed.map(({ batchId, state }) => ({ batchId, state })), from: shown.asked };
}
