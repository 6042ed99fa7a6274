/**
 * The outbox's words for each state of a report not delivered (outbox-words.ts): a report refused for
 * good never says it leaves on its own, whatever the code its refusal carried.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../station/src/journal/outbox-repository.ts';
import { outboxReason, outboxView } from '../../../station/src/web/outbox-words.ts';

const item = (over: Partial<OutboxItem>): OutboxItem => ({
  batchId: 'LOT-1', payload: {}, attempts: 1, lastError: null, createdAt: '2026-12-02T10:00:00.000Z', deliveredAt: null,
  nextAttemptAt: '2026-12-02T10:05:00.000Z', attentionAt: null, problems: [], missingAt: null, sendingElsewhere: false, ...over,
} as OutboxItem);
const refused = (lastError: string) => item({ lastError, attentionAt: '2026-12-02T10:01:00.000Z' });

describe('outbox words', () => {
  it('a report refused with a code not worded as a refusal (404 at the registry\'s address, a newer code) says the server refused it and who acts, never that it leaves on its own', () => {
    for (const lastError of ['NOT_FOUND: Resursa nu există.', 'SOME_NEW_CODE: ceva', 'fără cod']) {
      const v = outboxView(refused(lastError));
      expect(v.state).toBe('attention');
      // old code: «Trimiterea a eșuat.» / «Stația îl retrimite singură; dacă nu pleacă, anunțați administratorul. Un raport refuzat nu se mai trimite singur.»
      expect(v.reason).toBe('Serverul registraturii a refuzat raportul (vedeți problemele găsite de server, dacă sunt).');
      expect(v.advice).toBe('Anunțați administratorul registraturii; după ce a rezolvat, apăsați «Trimite din nou». Un raport refuzat nu se mai trimite singur.');
      expect(v.advice).not.toMatch(/retrimite singur/);
      expect(outboxReason(refused(lastError))).toBe(v.reason);
    }
  });

  it('a refusal worded as such keeps its own words; a failed delivery still says the station retries it', () => {
    const v = outboxView(refused('VALIDATION_FAILED: Serverul a refuzat raportul (400): date lipsă'));
    expect(v.reason).toMatch(/^Serverul a refuzat raportul: datele lui nu sunt complete/);
    expect(v.advice).toMatch(/Un raport refuzat nu se mai trimite singur\.$/);
    const failed = outboxView(item({ lastError: 'SERVER_UNREACHABLE: nu răspunde' }));
    expect(failed.state).toBe('waiting');
    expect(failed.advice).toBe('Stația îl retrimite singură; «Trimite din nou» încearcă acum.');
    const unknownFailure = outboxView(item({ lastError: 'SOME_NEW_CODE: ceva' }));
    expect(unknownFailure.advice).toBe('Stația îl retrimite singură; dacă nu pleacă, anunțați administratorul.');
    expect(outboxReason(item({}))).toBeNull(); // simply waiting
    expect(outboxReason(item({ missingAt: '2026-12-02T09:00:00.000Z' }))).toMatch(/^Registratura primise acest raport/);
  });
});
