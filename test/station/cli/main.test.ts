/**
 * The `station` dispatcher (station/src/cli/main.ts): usage, help, an unknown command, and that
 * each command gets the rest of the arguments; once through the real binary too.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main, MAIN_USAGE } from '../../../station/src/cli/main.ts';
import { killAll, runNode, STATION_BIN } from '../../support/real-processes.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const COMMANDS = ['split', 'demo', 'scan', 'devices', 'sync', 'separators', 'handover', 'outbox'];

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('station-main-'));
});
afterEach(() => killAll());
afterAll(() => cleanup());

async function station(args: string[]) {
  const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data') } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('station (the dispatcher)', () => {
  it('without a command prints the usage, listing every command in Romanian, and exits 2', async () => {
    const r = await station([]);
    expect(r).toEqual({ code: 2, out: MAIN_USAGE, err: '' });
    expect(MAIN_USAGE).toMatch(/^Utilizare: station <comandă> \[opțiuni\]/);
    for (const name of COMMANDS) expect(MAIN_USAGE).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it.each(['help', '--help', '-h'])('"station %s" prints the usage and exits 0', async (flag) => {
    expect(await station([flag])).toEqual({ code: 0, out: MAIN_USAGE, err: '' });
  });

  it('an unknown command: a Romanian error naming it, the usage, exit 2, nothing on stdout', async () => {
    const r = await station(['scaneaza', '--out', 'x']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`Comanda „scaneaza” nu există.\n\n${MAIN_USAGE}`);
  });

  it('hands the command the rest of the arguments', async () => {
    // devices gets "--driver twain" and answers for it: the arguments arrived, without the command name
    const r = await station(['devices', '--driver', 'twain']);
    expect(r).toEqual({ code: 2, out: '', err: 'Eroare [USAGE]: Driverul „twain” nu există; folosiți sane, wia, escl, folder.\n' });
  });

  it('the real binary: bin/station.js without a command prints the usage and exits 2', async () => {
    const r = await runNode(STATION_BIN, [], { env: { STATION_DATA_DIR: path.join(root, 'data') }, cwd: root });
    expect(r).toMatchObject({ code: 2, stdout: MAIN_USAGE, stderr: '' });
    const unknown = await runNode(STATION_BIN, ['nimic'], { env: { STATION_DATA_DIR: path.join(root, 'data') }, cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Comanda „nimic” nu există.');
  });
});
