/**
 * Every command answers --help with its own usage (exit 0); a missing --out names the command the
 * clerk typed; `station demo` keeps its batch apart from the real station journal and outbox.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../station/src/cli/main.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('cli-help-');
});
afterAll(() => tmp.cleanup());

async function station(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ cwd: tmp.dir, env: { STATION_DATA_DIR: path.join(tmp.dir, 'data'), ...env } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('--help', () => {
  it.each(['split', 'scan', 'devices', 'sync', 'demo', 'separators', 'handover', 'outbox'])('station %s --help prints its own usage and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await station([name, flag]);
      expect(r, `${name} ${flag}`).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(new RegExp(`^Utilizare: station ${name}\\b`));
    }
  });
});

describe('usage errors name the right command', () => {
  it('station scan without --out shows the usage of scan, not of split', async () => {
    const r = await station(['scan', '--device', 'test:0']);
    expect(r.code).toBe(2);
    // not a terminal: the error is a JSON line on stdout
    const { code, message } = JSON.parse(r.out) as { code: string; message: string };
    expect(code).toBe('USAGE');
    expect(message).toContain('Lipsește --out.');
    expect(message).toContain('Utilizare: station scan');
    expect(message).not.toContain('Utilizare: station split');
  });
});

describe('station demo keeps its data apart', () => {
  it('the demo batch never enters the real journal or outbox, even with a server configured', async () => {
    const realData = path.join(tmp.dir, 'real-data');
    const out = path.join(tmp.dir, 'demo-out');
    const r = await station(['demo', '--out', out, '--scenario', 'generic-patcht', '--dpi', '100'], {
      STATION_DATA_DIR: realData, STATION_SERVER_URL: 'http://127.0.0.1:9', STATION_TOKEN: 'sst_x', STATION_NAME: 'ghiseu-1',
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Lotul de probă nu se trimite la registratură');
    expect(r.out).not.toContain('Raportul nu a putut fi trimis');
    expect(r.out).not.toContain('Atenție'); // the generated folder holds pages only (truth.json is beside it)
    // the real station folder was not even created; the demo has its own journal
    expect(existsSync(path.join(realData, 'station.db'))).toBe(false);
    const db = openJournal(path.join(out, 'date-statie'));
    try {
      expect(db.prepare('SELECT COUNT(*) FROM batches').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);
});
