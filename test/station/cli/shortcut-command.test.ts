/**
 * `station shortcut` as the administrator runs it once, into a temporary HOME: Linux (.desktop in the
 * menu, on the Desktop xdg-user-dirs names, in autostart) and Windows (the .vbs on the Desktop and in
 * Startup, the folders from an injected environment); twice changes nothing; a file it did not write
 * stops it and is left by --remove; --remove takes away only its own. The Linux entry's Exec, run as a
 * desktop runs it, starts the station and opens its page (a recording xdg-open on PATH, no browser).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../station/src/cli/main.ts';
import { shortcutCommand, type ShortcutDeps } from '../../../station/src/cli/shortcut-command.ts';
import { launcherText, VBS_MARKER } from '../../../station/src/launcher/windows-launcher.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { entryValue, execArgv, unescapeValue } from '../../support/desktop-entry-reader.ts';
import { freePort } from '../../support/registry-app.ts';
import { STATION_BIN } from '../../support/real-processes.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await makeTempDir('shortcut-')));
afterAll(() => tmp.cleanup());

async function run(args: string[], env: NodeJS.ProcessEnv, cwd: string, deps: ShortcutDeps) {
  const io = captureIo({ env, cwd });
  const code = await shortcutCommand(args, io, deps);
  return { code, out: io.out(), err: io.err() };
}

/** Each file's content, mode and inode under `dir`: equal before and after means nothing was written. */
async function snapshot(dir: string) {
  const files = (await listTree(dir)) ?? [];
  return Promise.all(files.map(async (f) => {
    const st = await stat(path.join(dir, f));
    return { f, mode: st.mode, ino: st.ino, mtime: st.mtimeMs, bytes: f.endsWith('/') ? '' : (await readFile(path.join(dir, f))).toString('base64') };
  }));
}

const LINUX: ShortcutDeps = { platform: 'linux' };

describe('station shortcut on Linux', () => {
  it('--help: Romanian usage; the command is listed by `station --help`', async () => {
    const io = captureIo({});
    expect(await main(['shortcut', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Utilizare: station shortcut \[opțiuni\]/);
    expect(io.out()).toContain('--autostart');
    const all = captureIo({});
    await main(['--help'], all);
    expect(all.out()).toMatch(/\n {2}shortcut {4}pune pictograma «Stația de scanare» pe Desktop/);
  });

  it('puts the menu entry, the Desktop one (xdg-user-dirs\' «Birou», executable) and autostart; twice changes nothing; --remove takes them away', async () => {
    const home = path.join(tmp.dir, 'home-ana');
    const cwd = path.join(tmp.dir, 'Stația de scanare 100%');
    await mkdir(path.join(home, '.config'), { recursive: true });
    await mkdir(path.join(home, 'Birou'));
    await mkdir(cwd);
    await writeFile(path.join(home, '.config', 'user-dirs.dirs'), '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Birou"\nXDG_DOWNLOAD_DIR="$HOME/Descărcări"\n');
    await writeFile(path.join(cwd, 'station.config.json'), '{ "ui": { "port": 7791 } }');
    const env = { HOME: home };

    const first = await run(['--desktop', '--autostart'], env, cwd, LINUX);
    expect(first).toMatchObject({ code: 0, err: '' });
    const menu = path.join(home, '.local', 'share', 'applications', 'scan-station.desktop');
    const desk = path.join(home, 'Birou', 'scan-station.desktop');
    const auto = path.join(home, '.config', 'autostart', 'scan-station.desktop');
    expect(first.out).toContain(`meniul de aplicații: ${menu} (pus)`);
    expect(first.out).toContain(`Desktop: ${desk} (pus)`);
    expect(first.out).toContain(`pornire la deschiderea sesiunii: ${auto} (pus)`);
    expect(first.out).toContain('Funcționarul pornește stația cu dublu clic pe «Stația de scanare»');
    expect(first.out).toContain(`Stația pornește cu configurarea din ${path.join(cwd, 'station.config.json')}.`);
    const text = await readFile(menu, 'utf8');
    expect(await readFile(desk, 'utf8')).toBe(text);
    expect(await readFile(auto, 'utf8')).toBe(text);
    expect((await stat(desk)).mode & 0o777).toBe(0o755);
    expect(execArgv(entryValue(text, 'Exec')!)).toEqual([process.execPath, '--initial-old-space-size=64', STATION_BIN, 'ui', '--open', '--config', path.join(cwd, 'station.config.json')]);
    expect(unescapeValue(entryValue(text, 'Path')!)).toBe(cwd);

    const before = await snapshot(home);
    const second = await run(['--desktop', '--autostart'], env, cwd, LINUX);
    expect(second.code).toBe(0);
    expect(second.out.match(/\(era deja, neschimbat\)/g)).toHaveLength(3);
    expect(await snapshot(home)).toEqual(before);

    const removed = await run(['--remove'], env, cwd, LINUX);
    expect(removed.code).toBe(0);
    expect(removed.out.match(/\(șters\)/g)).toHaveLength(3);
    expect(await listTree(home)).toEqual(['.config/', '.config/autostart/', '.config/user-dirs.dirs', '.local/', '.local/share/', '.local/share/applications/', 'Birou/']);
  });

  it('a file of the same name it did not write: nothing is written, the file is named; --remove leaves it', async () => {
    const home = path.join(tmp.dir, 'home-ion');
    const mine = path.join(home, '.config', 'autostart', 'scan-station.desktop');
    await mkdir(path.dirname(mine), { recursive: true });
    await writeFile(mine, '[Desktop Entry]\nType=Application\nName=Altceva\nExec=/usr/bin/true\n');
    const env = { HOME: home };
    const r = await run(['--desktop', '--autostart'], env, tmp.dir, LINUX);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Eroare [OUTPUT_EXISTS]: Fișierul „${mine}” există deja și nu a fost pus de „station shortcut”`);
    expect(await listTree(home)).toEqual(['.config/', '.config/autostart/', '.config/autostart/scan-station.desktop']);
    const removed = await run(['--remove', '--autostart'], env, tmp.dir, LINUX);
    expect(removed.out).toContain('lăsat neatins: nu l-a pus „station shortcut”');
    expect(await readFile(mine, 'utf8')).toContain('Name=Altceva');
  });

  it('no Desktop folder: the menu entry only, said so; STATION_ variables of the terminal are said not to reach the icon', async () => {
    const home = path.join(tmp.dir, 'home-fara-desktop');
    await mkdir(home);
    const r = await run([], { HOME: home, STATION_DATA_DIR: '/srv/date' }, tmp.dir, LINUX);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Desktop: ${path.join(home, 'Desktop', 'scan-station.desktop')} (nepus: dosarul nu există)`);
    expect(r.out).toContain('(pus)');
    expect(r.err).toContain('variabilele de mediu STATION_DATA_DIR din acest terminal nu ajung la stația pornită din pictogramă');
  });

  it('a configuration that cannot be read is said to the administrator, nothing is written', async () => {
    const home = path.join(tmp.dir, 'home-config');
    await mkdir(home);
    const r = await run(['--config', 'lipsă.json'], { HOME: home }, tmp.dir, LINUX);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Eroare [CONFIG_INVALID]');
    expect(await listTree(home)).toEqual([]);
  });

  it('the menu entry\'s Exec, run as a desktop runs it (no shell, no terminal), starts the station and opens its page', async () => {
    const home = path.join(tmp.dir, 'home-run');
    const cwd = path.join(tmp.dir, 'dosar "stație" $x');
    const bin = path.join(tmp.dir, 'opener-bin');
    const log = path.join(tmp.dir, 'opened.txt');
    await mkdir(home);
    await mkdir(cwd);
    await mkdir(bin);
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    const port = await freePort();
    await writeFile(path.join(cwd, 'station.config.json'), JSON.stringify({ dataDir: 'date', ui: { port } }));
    expect((await run([], { HOME: home }, cwd, LINUX)).code).toBe(0);
    const text = await readFile(path.join(home, '.local', 'share', 'applications', 'scan-station.desktop'), 'utf8');
    const [program, ...args] = execArgv(entryValue(text, 'Exec')!);
    const child = spawn(program!, args, { cwd: unescapeValue(entryValue(text, 'Path')!), env: { HOME: home, PATH: `${bin}${path.delimiter}${process.env.PATH}` }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let opened: string[] = [];
      // a safety limit only: the page is opened as soon as the station listens
      for (let i = 0; opened.length === 0; i++) {
        if (child.exitCode !== null || i > 3000) throw new Error(`the launcher's station ended (${child.exitCode}) or never opened its page`);
        await new Promise((r) => setTimeout(r, 20));
        opened = await readFile(log, 'utf8').then((t) => t.split('\n').filter(Boolean), () => []);
      }
      const secret = (await readFile(path.join(cwd, 'date', 'ui-secret'), 'utf8')).trim();
      expect(opened).toEqual([`http://127.0.0.1:${port}/#cheie=${secret}`]);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe('station shortcut on Windows (folders from an injected environment)', () => {
  it('the .vbs on the Desktop and in Startup, UTF-16LE with a BOM; twice changes nothing; --remove takes them away', async () => {
    const profile = path.join(tmp.dir, 'Users', 'Ștefan');
    const env = { USERPROFILE: profile, APPDATA: path.join(profile, 'AppData', 'Roaming') };
    await mkdir(path.join(profile, 'Desktop'), { recursive: true });
    const deps: ShortcutDeps = { platform: 'win32', lookup: async () => null };
    const r = await run(['--autostart', '--desktop'], env, tmp.dir, deps);
    expect(r).toMatchObject({ code: 0, err: '' });
    const desk = path.join(profile, 'Desktop', 'Stația de scanare.vbs');
    const startup = path.join(profile, 'AppData', 'Roaming', 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup', 'Stația de scanare.vbs');
    const bytes = await readFile(desk);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(launcherText(bytes)).toContain(VBS_MARKER);
    expect(launcherText(bytes)).toContain(', 0, False\r\n');
    expect((await readFile(startup)).equals(bytes)).toBe(true);

    const before = await snapshot(profile);
    expect((await run(['--autostart', '--desktop'], env, tmp.dir, deps)).out.match(/\(era deja, neschimbat\)/g)).toHaveLength(2);
    expect(await snapshot(profile)).toEqual(before);

    expect((await run(['--remove', '--autostart'], env, tmp.dir, deps)).out).toContain(`${startup} (șters)`);
    expect(await readFile(desk)).toEqual(bytes);
    expect((await run(['--remove'], env, tmp.dir, deps)).out).toContain(`${desk} (șters)`);
    expect(await listTree(path.join(profile, 'Desktop'))).toEqual([]);
  });
});
