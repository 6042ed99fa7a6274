/**
 * Opening an address (the station's page, or a file: URL) in the clerk's default browser, through the
 * desktop's own opener: explorer.exe on Windows, open on macOS, xdg-open elsewhere. No shell: the
 * address is one argument. Commands take the opener from CliIo.openUrl, so tests never open a real browser.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { spawn } from '../exec/spawn-process.ts';

export type OpenUrl = (url: string) => Promise<void>;

export async function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [program, args] = platform === 'win32' ? ['explorer.exe', [url]] : platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const r = await spawn(program, args as string[], { timeoutMs: 15_000 });
  // explorer.exe answers 1 even when it opened the address: only the others' exit codes mean something
  if (platform !== 'win32' && r.exitCode !== 0) {
    throw new StationError('PROCESS_FAILED', `Browserul nu a putut fi deschis (${program} a ieșit cu codul ${r.exitCode}).`, { program, exitCode: r.exitCode });
  }
}

/** The opener a command uses: the one its CliIo gives (tests), else the desktop's. */
export function openerOf(io: { openUrl?: OpenUrl }): OpenUrl {
  return io.openUrl ?? ((url: string) => openInBrowser(url));
}
