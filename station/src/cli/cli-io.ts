/** How CLI commands talk to the clerk: Romanian text on a terminal, JSON lines otherwise. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Opens an address in the clerk's browser (default: launcher/open-in-browser.ts); tests record it instead. */
  openUrl?: (url: string) => Promise<void>;
}

export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

/** parseArgs with Romanian errors (StationError USAGE). */
export function parseCliArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /Unknown option '([^']+)'/.exec(msg);
    const text = m ? `Opțiunea ${m[1]} nu există.` : /argument missing/i.test(msg) ? `O opțiune nu are valoare: ${msg.replace(/^.*?'([^']+)'.*$/, '$1')}.` : `Argumente greșite: ${msg}`;
    throw new StationError('USAGE', text);
  }
}

export function reportError(err: unknown, io: CliIo, json: boolean): number {
  const fromFs = stationErrorFromFs(err);
  const se = isStationError(fromFs) ? fromFs : new StationError('INTERNAL', 'Eroare neașteptată. Detaliile sunt în jurnalul stației.', {}, { cause: err });
  if (json) io.stdout.write(`${JSON.stringify({ event: 'error', code: se.code, message: se.message, details: se.details })}\n`);
  else io.stderr.write(`Eroare [${se.code}]: ${se.message}\n`);
  if (!isStationError(err) && process.env.STATION_DEBUG) io.stderr.write(`${(err as Error)?.stack ?? err}\n`);
  return se.code === 'USAGE' ? 2 : 1;
}
