/**
 * The Windows launcher of the station: a VBScript file the clerk double-clicks (on the Desktop, and
 * in the Startup folder to start at logon) that runs `node … bin/station.js ui --open` through
 * WScript.Shell's Run with window style 0 (no console window) and without waiting. Pure builders:
 * the command line (each argument quoted as the C runtime and CommandLineToArgvW read it back), the
 * VBScript text (its string literals double their quotes) and the file's bytes (UTF-16LE with a BOM:
 * Windows Script Host reads it as Unicode, so paths with ă â î ș ț survive; an ANSI file would not).
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { StationLaunch } from './station-launch.ts';

/** The name the clerk sees (the file is `<name>.vbs`; Explorer hides the extension by default). */
export const LAUNCHER_NAME = 'Stația de scanare';
/** The line that says the file is the station's own: `station shortcut --remove` removes only files carrying it. */
export const VBS_MARKER = "' scan-station-launcher: made by «station shortcut»; «station shortcut --remove» removes it";

/** Characters a Windows path or a launcher argument may not carry here (a VBScript literal ends at a line break). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** One argument quoted for a Windows command line (the msvcrt / CommandLineToArgvW rules). */
export function quoteWindowsArg(arg: string): string {
  if (CONTROL.test(arg)) throw new StationError('USAGE', `Calea „${arg.replace(CONTROL, '?')}” conține caractere de control și nu poate fi pusă în pictogramă.`);
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // backslashes before a quote are doubled, and the quote escaped
    out += ch === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${ch}`;
    backslashes = 0;
  }
  // backslashes before the closing quote are doubled: they must not escape it
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** The command line Run gets: the program and its arguments, each quoted. */
export function windowsCommandLine(program: string, args: readonly string[]): string {
  return [program, ...args].map(quoteWindowsArg).join(' ');
}

/** A VBScript string literal: quotes doubled, the whole in quotes. */
export function vbsString(text: string): string {
  if (CONTROL.test(text)) throw new StationError('USAGE', 'Textul conține caractere de control și nu poate fi pus în pictogramă.');
  return `"${text.replaceAll('"', '""')}"`;
}

/** The launcher's VBScript text (CRLF line ends, as Windows tools write them). */
export function buildVbsLauncher(launch: StationLaunch): string {
  return [
    `' ${LAUNCHER_NAME}: pornește stația („station ui --open”) fără fereastră de consolă și îi deschide pagina în browser.`,
    VBS_MARKER,
    'Option Explicit',
    'Dim shell',
    'Set shell = CreateObject("WScript.Shell")',
    `shell.CurrentDirectory = ${vbsString(launch.cwd)}`,
    // 0: no window; False: the script ends at once, the station keeps running
    `shell.Run ${vbsString(windowsCommandLine(launch.program, launch.args))}, 0, False`,
    '',
  ].join('\r\n');
}

/** The file's bytes: UTF-16LE with its byte order mark. */
export function utf16leWithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** The text of a launcher file's bytes (UTF-16LE with a BOM, else UTF-8), to tell whether it is ours. */
export function launcherText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}
