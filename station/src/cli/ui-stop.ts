/**
 * `station ui --stop [--force]`: the administrator stops the station's web app that runs without a
 * window (the clerk's icon), to update the station or change its configuration. The app of this
 * station (its data folder's secret) is asked to stop as on Ctrl+C; the command waits until it has let
 * go of its port and its process has ended (launcher/stop-station.ts). Nothing running: said, exit 0.
 * Another station or program on the port: refused, naming it (PORT_IN_USE). A batch in progress:
 * refused by the app (CONFLICT), with what to do; `--force` pauses it first, as «Oprește» does.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { StationConfig } from '../config.ts';
import { stopRunningStation, type StopOutcome } from '../launcher/stop-station.ts';
import { loadUiSecret } from '../web/ui-secret.ts';
import type { CliIo } from './cli-io.ts';

type PausedBatch = NonNullable<Extract<StopOutcome, { stopped: true }>['pausedBatch']>;

/** What became of the batch --force stopped, in the administrator's words. */
function pausedWords(b: PausedBatch): string {
  if (b.status === 'paused') return `Lotul ${b.id} a fost pus în pauză, cu toate paginile scanate până acum; după ce porniți din nou stația, îl puteți continua din pagina «Loturi».`;
  if (b.status === 'completed') return `Lotul ${b.id} se încheiase deja și a fost lăsat să se termine.`;
  if (b.kind === 'split') return `Împărțirea lotului ${b.id} a fost oprită înainte de sfârșit; fișierele scanate au rămas în dosarul lor și pot fi împărțite din nou.`;
  return `Lotul ${b.id} a fost oprit înainte de sfârșit; pagina «Loturi» arată ce s-a păstrat din el.`;
}

export async function uiStop(cfg: StationConfig, o: { force: boolean }, io: CliIo): Promise<number> {
  const port = cfg.ui.port;
  if (port === 0) throw new StationError('USAGE', 'Pentru --stop trebuie știut portul stației: dați-l cu --port sau ui.port în configurare (nu 0).');
  // the secret is only read once something listens on the port (a station that never ran has none yet)
  const outcome = await stopRunningStation({ port, dataDir: cfg.dataDir, pauseBatch: o.force, secret: () => loadUiSecret(cfg.dataDir) });
  if (!outcome.stopped) {
    io.stdout.write(`Stația nu rulează pe acest calculator (nimic nu ascultă pe portul ${port}): nu este nimic de oprit.\n`);
    return 0;
  }
  if (outcome.pausedBatch) io.stdout.write(`${pausedWords(outcome.pausedBatch)}\n`);
  io.stdout.write(`Stația de scanare a fost oprită (portul ${port} este liber).\n`);
  return 0;
}
