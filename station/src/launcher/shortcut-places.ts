/**
 * Where `station shortcut` puts the station's launcher, and with what bytes, per platform; folders
 * come from the environment given (so tests use a temporary HOME on any platform).
 * - Windows: the Desktop and the Startup folder as the shell knows them (Environment.GetFolderPath,
 *   the documented way: the Desktop may have been moved, e.g. into OneDrive by its «known folder
 *   move»), asked through PowerShell; when that cannot be asked, from the environment:
 *   %OneDrive%\Desktop when it exists (OneDrive's move), else %USERPROFILE%\Desktop, and
 *   %APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup.
 * - Linux (XDG): the applications menu ($XDG_DATA_HOME/applications, default ~/.local/share), the
 *   Desktop ($XDG_DESKTOP_DIR, else the one xdg-user-dirs wrote in $XDG_CONFIG_HOME/user-dirs.dirs,
 *   else ~/Desktop) and autostart ($XDG_CONFIG_HOME/autostart, default ~/.config).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { spawn } from '../exec/spawn-process.ts';
import { buildDesktopEntry, DESKTOP_FILE, DESKTOP_MARKER } from './desktop-entry.ts';
import type { StationLaunch } from './station-launch.ts';
import { buildVbsLauncher, LAUNCHER_NAME, launcherText, utf16leWithBom, VBS_MARKER } from './windows-launcher.ts';

export type ShortcutPlace = 'desktop' | 'menu' | 'autostart';

export interface ShortcutTarget {
  place: ShortcutPlace;
  file: string;
  bytes: Buffer;
  /** POSIX mode to give the file (a launcher on a Linux Desktop must be executable to be trusted). */
  mode?: number;
  /** The folder is the user's own and is not made when missing (the Desktop). */
  folderMustExist: boolean;
  /** Whether a file found at `file` is one `station shortcut` wrote (only those are replaced or removed). */
  isOurs(bytes: Buffer): boolean;
}

/** The shell's own folders (Windows), or null when they cannot be asked. */
export type KnownFolderLookup = () => Promise<{ desktop?: string; startup?: string } | null>;

/** Environment.GetFolderPath through PowerShell, its output in UTF-8 (a user name with ș survives). */
export const askWindowsShell: KnownFolderLookup = async () => {
  const script = "[Console]::OutputEncoding = [Text.Encoding]::UTF8; [Environment]::GetFolderPath('Desktop'); [Environment]::GetFolderPath('Startup')";
  const r = await spawn('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { timeoutMs: 60_000 });
  const [desktop, startup] = r.stdout.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
  return r.exitCode === 0 && desktop && startup && path.win32.isAbsolute(desktop) && path.win32.isAbsolute(startup) ? { desktop, startup } : null;
};

function need(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new StationError('CONFIG_INVALID', `Variabila de mediu ${name} lipsește: nu se știe unde se pune pictograma. Rulați comanda în sesiunea utilizatorului care scanează.`, { variable: name });
  return value;
}

/**
 * `p`: the path functions of the folders' system (this one's by default; tests of Windows' rules on
 * Linux pass path.win32 for the names alone, or keep the default to write into a temporary HOME).
 */
export async function windowsFolders(
  env: NodeJS.ProcessEnv,
  lookup: KnownFolderLookup,
  o: { exists?: (dir: string) => boolean; p?: path.PlatformPath } = {},
): Promise<{ desktop: string; startup: string }> {
  const { exists = existsSync, p = path } = o;
  const known = await lookup().catch(() => null);
  const oneDriveDesktop = env.OneDrive ? p.join(env.OneDrive, 'Desktop') : null;
  const desktop = known?.desktop
    ?? (oneDriveDesktop && exists(oneDriveDesktop) ? oneDriveDesktop : p.join(need(env, 'USERPROFILE'), 'Desktop'));
  const startup = known?.startup ?? p.join(need(env, 'APPDATA'), 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup');
  return { desktop, startup };
}

/** The Desktop xdg-user-dirs names (`XDG_DESKTOP_DIR="$HOME/Birou"`), or null; `home` itself means no Desktop. */
export function userDirsDesktop(text: string, home: string): string | null {
  for (const line of text.split('\n')) {
    const m = /^\s*XDG_DESKTOP_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!m) continue;
    const value = m[1]!.replace(/\\(.)/g, '$1');
    if (value === '$HOME' || value === '$HOME/') return home;
    if (value.startsWith('$HOME/')) return path.posix.join(home, value.slice('$HOME/'.length));
    return value.startsWith('/') ? value : null;
  }
  return null;
}

export function linuxFolders(env: NodeJS.ProcessEnv, read: (file: string) => string | null = readText): { menu: string; desktop: string | null; autostart: string } {
  const home = need(env, 'HOME');
  // XDG: a relative value is invalid and is ignored
  const absolute = (v: string | undefined) => (v && path.posix.isAbsolute(v) ? v : undefined);
  const dataHome = absolute(env.XDG_DATA_HOME) ?? path.posix.join(home, '.local', 'share');
  const configHome = absolute(env.XDG_CONFIG_HOME) ?? path.posix.join(home, '.config');
  const named = absolute(env.XDG_DESKTOP_DIR) ?? userDirsDesktop(read(path.posix.join(configHome, 'user-dirs.dirs')) ?? '', home);
  const desktop = named ?? path.posix.join(home, 'Desktop');
  return {
    menu: path.posix.join(dataHome, 'applications'),
    // a Desktop that is the home folder itself: desktops show no icons from it
    desktop: path.posix.resolve(desktop) === path.posix.resolve(home) ? null : desktop,
    autostart: path.posix.join(configHome, 'autostart'),
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export interface PlaceChoice {
  desktop: boolean;
  autostart: boolean;
}

/** The files for `platform` (win32 or linux), with the launcher's bytes. */
export async function shortcutTargets(
  launch: StationLaunch,
  choice: PlaceChoice,
  o: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; lookup?: KnownFolderLookup },
): Promise<ShortcutTarget[]> {
  if (o.platform === 'win32') {
    const folders = await windowsFolders(o.env, o.lookup ?? askWindowsShell);
    const bytes = utf16leWithBom(buildVbsLauncher(launch));
    const isOurs = (b: Buffer) => launcherText(b).includes(VBS_MARKER);
    const name = `${LAUNCHER_NAME}.vbs`;
    return [
      ...(choice.desktop ? [{ place: 'desktop' as const, file: path.join(folders.desktop, name), bytes, folderMustExist: true, isOurs }] : []),
      ...(choice.autostart ? [{ place: 'autostart' as const, file: path.join(folders.startup, name), bytes, folderMustExist: false, isOurs }] : []),
    ];
  }
  if (o.platform !== 'linux') throw new StationError('USAGE', 'Comanda „station shortcut” pune pictograme doar pe Windows și pe Linux.', { platform: o.platform });
  const folders = linuxFolders(o.env);
  const bytes = Buffer.from(buildDesktopEntry(launch), 'utf8');
  const isOurs = (b: Buffer) => b.toString('utf8').split('\n').includes(DESKTOP_MARKER);
  const at = (dir: string) => path.posix.join(dir, DESKTOP_FILE);
  const targets: ShortcutTarget[] = [];
  if (choice.desktop) {
    targets.push({ place: 'menu', file: at(folders.menu), bytes, mode: 0o644, folderMustExist: false, isOurs });
    if (folders.desktop) targets.push({ place: 'desktop', file: at(folders.desktop), bytes, mode: 0o755, folderMustExist: true, isOurs });
  }
  if (choice.autostart) targets.push({ place: 'autostart', file: at(folders.autostart), bytes, mode: 0o644, folderMustExist: false, isOurs });
  return targets;
}
