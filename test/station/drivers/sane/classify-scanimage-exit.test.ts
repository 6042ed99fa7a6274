import { describe, expect, it } from 'vitest';
import { classifyScanimageExit } from '../../../../station/src/drivers/sane/classify-scanimage-exit.ts';
import { ownCapture } from './paths.ts';

/** Real stderr of scanimage on the SANE test backend (see fixtures/captures/sane-README.md). */
function captured(name: string, exitCode: number, pagesDelivered: number, lastPageIndex?: number) {
  return classifyScanimageExit({ exitCode, signal: null, stderrTail: ownCapture(`sane-stderr-${name}.txt`), pagesDelivered, lastPageIndex, device: 'test:0' });
}

describe('classifyScanimageExit on real scanimage runs', () => {
  it('the feeder running out after 10 pages is the normal end (exit 0)', () => {
    expect(captured('adf-end', 0, 10)).toBeUndefined();
  });

  it('a flatbed page with --batch-count=1 is the normal end', () => {
    expect(captured('flatbed-one', 0, 1)).toBeUndefined();
  });

  it('an unreached --batch-count with pages scanned is the normal end too (exit 7)', () => {
    expect(captured('count-not-reached', 7, 10)).toBeUndefined();
  });

  it('"out of documents" with no page at all is FEEDER_EMPTY, even with exit 0', () => {
    const err = captured('no-docs', 0, 0)!;
    expect(err.code).toBe('FEEDER_EMPTY');
    expect(err.message).toBe('Alimentatorul scanerului este gol. Așezați foile în alimentator și porniți din nou scanarea.');
    expect(err.details).toMatchObject({ saneStatus: 'NO_DOCS', stage: 'sane_read', exitCode: 0, pagesDelivered: 0 });
  });

  it.each([
    ['jammed', 6, 'PAPER_JAM', 'Hârtia s-a blocat în scaner la prima foaie. Scoateți foaia blocată, puneți foile înapoi în alimentator și porniți din nou scanarea.'],
    ['cover-open', 8, 'COVER_OPEN', 'Capacul scanerului este deschis. Închideți capacul, apoi porniți din nou scanarea.'],
    ['device-busy', 3, 'DEVICE_BUSY', 'Scanerul este ocupat (îl folosește alt program sau altă scanare). Așteptați să se elibereze, apoi porniți din nou scanarea.'],
    ['io-error', 9, 'IO_ERROR', 'Eroare de comunicare cu scanerul. Verificați cablul sau rețeaua și alimentarea scanerului, apoi porniți din nou scanarea.'],
    ['access-denied', 11, 'ACCESS_DENIED', 'Accesul la scaner a fost refuzat. Cereți administratorului drept de acces la scaner pentru contul acestui calculator.'],
    ['cancelled', 2, 'CANCELLED', 'Scanarea a fost oprită de la scaner. Porniți din nou scanarea când sunteți gata.'],
    ['unsupported', 1, 'SCAN_FAILED', 'Scanarea a eșuat. Porniți din nou scanarea; dacă eroarea se repetă, reporniți scanerul.'],
    ['inval', 4, 'SCAN_FAILED', 'Scanarea a eșuat. Porniți din nou scanarea; dacă eroarea se repetă, reporniți scanerul.'],
  ] as const)('%s on the first page (exit %i) → %s', (name, exit, code, message) => {
    const err = captured(name, exit, 0)!;
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.details).toMatchObject({ device: 'test:0', exitCode: exit, stage: 'sane_read' });
  });

  it('the same statuses after pages were delivered name the last good page and say to continue the batch', () => {
    expect(captured('jammed', 6, 7, 7)!.message).toBe(
      'Hârtia s-a blocat în scaner după pagina 7. Scoateți foaia blocată, puneți înapoi foile nescanate și continuați lotul.',
    );
    expect(captured('cover-open', 8, 2, 12)!.message).toBe(
      'Capacul scanerului este deschis după pagina 12. Închideți capacul, puneți înapoi foile nescanate și continuați lotul.',
    );
    expect(captured('io-error', 9, 3)!.message).toContain('după pagina 3');
    expect(captured('io-error', 9, 3)!.message).toContain('continuați lotul');
  });

  it('an unknown device or backend (exit 1) → DEVICE_NOT_FOUND', () => {
    for (const name of ['unknown-device', 'unknown-backend']) {
      const err = captured(name, 1, 0)!;
      expect(err.code).toBe('DEVICE_NOT_FOUND');
      expect(err.message).toBe('Scanerul „test:0” nu a fost găsit. Verificați că este pornit și conectat, apoi alegeți-l din nou din lista de scanere.');
      expect(err.details.stage).toBe('open');
    }
  });

  it.each([
    ['bad-option-value', 'mode'],
    ['unknown-option', 'no-such-option'],
    ['inactive-option', 'read-delay-duration'],
  ])('%s (exit 1) → OPTION_INVALID naming %s', (name, option) => {
    const err = captured(name, 1, 0)!;
    expect(err.code).toBe('OPTION_INVALID');
    expect(err.details.option).toBe(option);
    expect(err.message).toBe(`Scanerul nu acceptă opțiunea „${option}” așa cum a fost dată. Verificați opțiunile scanerului și porniți din nou scanarea.`);
  });
});

describe('classifyScanimageExit on real scanimage → sane-airscan → eSCL emulator runs', () => {
  it('a jam after page 3 is reported by sane_start (exit 6) → PAPER_JAM after page 3', () => {
    const err = captured('airscan-jam-after-3', 6, 3)!;
    expect(err.code).toBe('PAPER_JAM');
    expect(err.message).toBe('Hârtia s-a blocat în scaner după pagina 3. Scoateți foaia blocată, puneți înapoi foile nescanate și continuați lotul.');
    expect(err.details).toMatchObject({ stage: 'sane_start', saneStatus: 'JAMMED' });
    expect(captured('airscan-jam-409-after-2', 6, 2)!.message).toContain('după pagina 2');
  });

  it('an empty feeder at the start exits 7 → FEEDER_EMPTY', () => {
    const err = captured('airscan-feeder-empty', 7, 0)!;
    expect(err.code).toBe('FEEDER_EMPTY');
    expect(err.details).toMatchObject({ stage: 'sane_start', exitCode: 7 });
  });

  it('the feeder running out after 4 pages is the normal end', () => {
    expect(captured('airscan-feeder-end', 0, 4)).toBeUndefined();
  });
});

describe('classifyScanimageExit on lines real devices print (sane_strstatus texts)', () => {
  const run = (stderrTail: string, exitCode: number | null, pagesDelivered = 0, signal: string | null = null) =>
    classifyScanimageExit({ exitCode, signal, stderrTail, pagesDelivered, device: 'fujitsu:fi-7260' });

  it('feeder empty at the start: sane_start NO_DOCS with exit 7', () => {
    expect(run('Scanning page 1\nscanimage: sane_start: Document feeder out of documents\nBatch terminated, 0 pages scanned\n', 7)!.code).toBe('FEEDER_EMPTY');
  });

  it('a jam reported by sane_start after 4 pages', () => {
    const err = run('Scanned page 4. (scanner status = 5)\nScanning page 5\nscanimage: sane_start: Document feeder jammed\n', 6, 4)!;
    expect(err.code).toBe('PAPER_JAM');
    expect(err.message).toContain('după pagina 4');
    expect(err.details.stage).toBe('sane_start');
  });

  it('the last status line wins', () => {
    expect(run('scanimage: sane_read: Device busy\nscanimage: sane_start: Scanner cover is open\n', 8)!.code).toBe('COVER_OPEN');
  });

  it('invalid settings at sane_start → OPTION_INVALID', () => {
    expect(run('scanimage: sane_start: Invalid argument\n', 4)!.code).toBe('OPTION_INVALID');
  });

  it('open failures: access denied, busy, device gone', () => {
    expect(run("scanimage: open of device fujitsu:fi-7260 failed: Access to resource has been denied\n", 1)!.code).toBe('ACCESS_DENIED');
    expect(run("scanimage: open of device fujitsu:fi-7260 failed: Device busy\n", 1)!.code).toBe('DEVICE_BUSY');
    const gone = run("scanimage: open of device fujitsu:fi-7260 failed: Error during device I/O\n", 1)!;
    expect(gone.code).toBe('DEVICE_OFFLINE');
    expect(gone.message).toBe('Scanerul „fujitsu:fi-7260” nu răspunde. Verificați că este pornit și conectat (cablu sau rețea), apoi porniți din nou scanarea.');
    expect(run('scanimage: no SANE devices found\n', 1)!.code).toBe('DEVICE_NOT_FOUND');
  });

  it('without a status line, falls back on the exit code as a SANE status', () => {
    expect(run('', 6, 2)!.code).toBe('PAPER_JAM');
    expect(run('', 0)).toBeUndefined();
    const killed = run('Scanning page 3\n', null, 2, 'SIGSEGV')!;
    expect(killed.code).toBe('SCAN_FAILED');
    expect(killed.message).toContain('SIGSEGV');
    expect(run('something unexpected\n', 1)!.code).toBe('SCAN_FAILED');
  });

  it('never puts stderr text in the clerk message, only in details', () => {
    const err = run('scanimage: sane_read: Error during device I/O\n', 9, 1)!;
    expect(err.message).not.toContain('I/O');
    expect(err.details.stderrLine).toBe('scanimage: sane_read: Error during device I/O');
  });
});
