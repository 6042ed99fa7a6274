/**
 * The Windows launcher's text, built on any platform: each argument quoted so that Windows' own
 * command-line reading (msvcrt / CommandLineToArgvW, mirrored below) gives it back whole; VBScript
 * literals with their quotes doubled; the file in UTF-16LE with a BOM; the Desktop and Startup folders
 * from the shell, else from the environment (OneDrive's Desktop when it was moved there).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { windowsFolders } from '../../../station/src/launcher/shortcut-places.ts';
import { buildVbsLauncher, launcherText, quoteWindowsArg, utf16leWithBom, VBS_MARKER, vbsString, windowsCommandLine } from '../../../station/src/launcher/windows-launcher.ts';

/** How a Windows program's C runtime splits its command line (the 2008+ rules, as CommandLineToArgvW). */
function windowsArgv(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') n++, i++;
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
      } else if (c === '"') {
        if (quoted && line[i + 1] === '"') arg += '"', i++;
        else quoted = !quoted;
      } else if ((c === ' ' || c === '\t') && !quoted) break;
      else arg += c;
    }
    args.push(arg);
  }
  return args;
}

/** A VBScript string literal's value. */
function vbsValue(literal: string): string {
  expect(literal).toMatch(/^"(?:[^"]|"")*"$/);
  return literal.slice(1, -1).replaceAll('""', '"');
}

const LAUNCH = {
  program: 'C:\\Program Files\\nodejs\\node.exe',
  args: ['--initial-old-space-size=64', 'C:\\Users\\Ștefan Ț\\stație "nouă"\\bin\\station.js', 'ui', '--open', '--config', 'D:\\Registratură 100%\\station.config.json'],
  cwd: 'D:\\Registratură 100%\\',
};

describe('the command line', () => {
  it.each([
    ['C:\\Program Files\\nodejs\\node.exe'],
    ['C:\\Users\\Ștefan\\Documente\\stația de scanare\\bin\\station.js'],
    ['a "quoted" word'],
    ['ends with a backslash\\'],
    ['two backslashes then a quote\\\\"x'],
    [''],
    ['100% & ^caret | <pipe>'],
  ])('%j is read back whole by Windows', (arg) => {
    expect(windowsArgv(quoteWindowsArg(arg))).toEqual([arg]);
  });

  it('the whole line reads back as the program and its arguments, in order', () => {
    expect(windowsArgv(windowsCommandLine(LAUNCH.program, LAUNCH.args))).toEqual([LAUNCH.program, ...LAUNCH.args]);
  });

  it('a control character (a line break) is refused with USAGE, not written into the script', () => {
    let caught: unknown;
    try {
      quoteWindowsArg('C:\\a\nb');
    } catch (err) {
      caught = err;
    }
    expect(isStationError(caught, 'USAGE')).toBe(true);
  });
});

describe('the VBScript', () => {
  it('doubles quotes in its literals', () => {
    expect(vbsString('a "b" c')).toBe('"a ""b"" c"');
    expect(vbsValue(vbsString('""'))).toBe('""');
  });

  it('runs the command line hidden (0) without waiting (False), in the chosen folder, and carries its marker', () => {
    const text = buildVbsLauncher(LAUNCH);
    const lines = text.split('\r\n');
    expect(lines).toContain(VBS_MARKER);
    expect(lines).toContain('Set shell = CreateObject("WScript.Shell")');
    const dir = /^shell\.CurrentDirectory = (".*")$/.exec(lines.find((l) => l.startsWith('shell.CurrentDirectory'))!)![1]!;
    expect(vbsValue(dir)).toBe(LAUNCH.cwd);
    const run = /^shell\.Run (".*"), 0, False$/.exec(lines.find((l) => l.startsWith('shell.Run'))!)![1]!;
    expect(windowsArgv(vbsValue(run))).toEqual([LAUNCH.program, ...LAUNCH.args]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/(?<!\r)\n/); // CRLF only
  });

  it('is written in UTF-16LE with a BOM, diacritics intact', () => {
    const bytes = utf16leWithBom(buildVbsLauncher(LAUNCH));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(buildVbsLauncher(LAUNCH));
    expect(launcherText(bytes)).toContain('Ștefan Ț');
    expect(launcherText(bytes)).toContain("' Stația de scanare:");
  });
});

describe('the folders', () => {
  const env = { USERPROFILE: 'C:\\Users\\Ana', APPDATA: 'C:\\Users\\Ana\\AppData\\Roaming', OneDrive: 'C:\\Users\\Ana\\OneDrive - Primăria' };
  const none = async () => null;

  it('the shell\'s own folders when it answers', async () => {
    const lookup = async () => ({ desktop: 'E:\\Birou', startup: 'E:\\Pornire' });
    expect(await windowsFolders(env, lookup, { p: path.win32, exists: () => false })).toEqual({ desktop: 'E:\\Birou', startup: 'E:\\Pornire' });
  });

  it('without the shell: OneDrive\'s Desktop when it exists, else the profile\'s; Startup under APPDATA', async () => {
    const startup = 'C:\\Users\\Ana\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup';
    expect(await windowsFolders(env, none, { p: path.win32, exists: (d) => d === 'C:\\Users\\Ana\\OneDrive - Primăria\\Desktop' }))
      .toEqual({ desktop: 'C:\\Users\\Ana\\OneDrive - Primăria\\Desktop', startup });
    expect(await windowsFolders(env, none, { p: path.win32, exists: () => false })).toEqual({ desktop: 'C:\\Users\\Ana\\Desktop', startup });
    const failing = async () => Promise.reject(new Error('powershell.exe missing'));
    expect((await windowsFolders({ USERPROFILE: 'C:\\Users\\Ana', APPDATA: 'C:\\A' }, failing, { p: path.win32 })).desktop).toBe('C:\\Users\\Ana\\Desktop');
  });

  it('no USERPROFILE and no shell: CONFIG_INVALID naming the variable', async () => {
    const caught = await windowsFolders({ APPDATA: 'C:\\A' }, none, { p: path.win32 }).catch((e: unknown) => e);
    expect(isStationError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('USERPROFILE');
  });
});
