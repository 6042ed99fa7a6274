/**
 * The line «Coada de trimitere» says after «Trimite din nou», against the list the page shows later:
 * kept while the list agrees with it, replaced by what changed (in Romanian) once a list read after
 * it shows one of its reports otherwise; lists asked before it are never compared with it.
 */
import { describe, expect, it } from 'vitest';
import { noticeNow, type Notice } from '../../../station/web/src/outbox-notice.ts';

const list = (asked: number, items: [string, 'waiting' | 'attention'][]) => ({ asked, list: { items: items.map(([batchId, state]) => ({ batchId, state })) } });
const said: Notice = {
  text: 'Trimis la registratură: 1 raport. Netrimis încă: 1 raport; motivul este scris în listă.',
  reports: [{ batchId: 'LOT-A', state: 'sent' }, { batchId: 'LOT-B', state: 'waiting' }],
  from: 3,
};

describe('the outbox notice against the list shown', () => {
  it('is kept, the same object, while the list agrees with it', () => {
    expect(noticeNow(said, list(3, [['LOT-B', 'waiting'], ['LOT-C', 'attention']]))).toBe(said);
    expect(noticeNow(null, list(3, []))).toBeNull();
  });

  it('is not compared with a list asked before it (the list from before the sending)', () => {
    expect(noticeNow(said, list(2, [['LOT-A', 'waiting']]))).toBe(said);
  });

  it('says what changed, only that, once a later list shows its reports otherwise', () => {
    const now = noticeNow(said, list(5, [['LOT-A', 'waiting']]));
    expect(now).toEqual({
      text: 'Între timp, raportul lotului LOT-A așteaptă din nou trimiterea; raportul lotului LOT-B a ajuns la registratură. Motivul este scris în listă.',
      reports: [{ batchId: 'LOT-A', state: 'waiting' }, { batchId: 'LOT-B', state: 'sent' }],
      from: 5,
    });
    // the new line holds against the same list, and is itself replaced on the next change
    expect(noticeNow(now, list(5, [['LOT-A', 'waiting']]))).toBe(now);
    expect(noticeNow(now, list(6, [['LOT-A', 'attention']]))!.text).toBe('Între timp, raportul lotului LOT-A a fost refuzat de server. Motivul este scris în listă.');
    expect(noticeNow(now, list(6, []))!.text).toBe('Între timp, raportul lotului LOT-A a ajuns la registratură.');
  });
});
