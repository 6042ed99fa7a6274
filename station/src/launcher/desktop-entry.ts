/**
 * The Linux launcher of the station: a Desktop Entry file (freedesktop.org Desktop Entry
 * Specification 1.4) for the applications menu, the Desktop and autostart, whose Exec runs
 * `node … bin/station.js ui --open` with no terminal. Pure builders. Exec's arguments are quoted as
 * the specification's «Exec key» section says: each in double quotes, with `"`, `` ` ``, `$` and `\`
 * escaped by a backslash, `%` written `%%` (a field code otherwise); then, being a string value, every
 * backslash doubled again (so a literal backslash in a path is four).
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { StationLaunch } from './station-launch.ts';

/** The desktop file id (its file name): ASCII, reverse-DNS is optional. */
export const DESKTOP_FILE = 'scan-station.desktop';
/** The key that says the file is the station's own: `station shortcut --remove` removes only files carrying it. */
export const DESKTOP_MARKER = 'X-Scan-Station-Launcher=true';

const CONTROL = /[\u0000-\u001f\u007f]/;

function noControl(text: string): string {
  if (CONTROL.test(text)) throw new StationError('USAGE', `Calea „${text.replace(CONTROL, '?')}” conține caractere de control și nu poate fi pusă în pictogramă.`);
  return text;
}

/** The escapes of a string value (spec: «Possible value types»): `\\` first, then the control characters (none are let through). */
export function escapeStringValue(text: string): string {
  return noControl(text).replaceAll('\\', '\\\\');
}

/** One Exec argument, quoted (before the string value's own escaping). */
export function quoteExecArg(arg: string): string {
  return `"${noControl(arg).replace(/["`$\\]/g, '\\$&').replaceAll('%', '%%')}"`;
}

/** The Exec value as written in the file. */
export function execValue(program: string, args: readonly string[]): string {
  return escapeStringValue([program, ...args].map(quoteExecArg).join(' '));
}

/** The Desktop Entry text. */
export function buildDesktopEntry(launch: StationLaunch): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.4', // 1.5 changes nothing used here, and desktop-file-validate 0.26 (Debian 12) knows 1.4 only
    'Name=Stația de scanare',
    'GenericName=Scanare documente',
    'Comment=Pornește stația de scanare și îi deschide pagina în browser',
    `Exec=${execValue(launch.program, launch.args)}`,
    `Path=${escapeStringValue(launch.cwd)}`,
    'Terminal=false',
    'Icon=scanner',
    'Categories=Office;',
    'StartupNotify=false',
    DESKTOP_MARKER,
    '',
  ].join('\n');
}
