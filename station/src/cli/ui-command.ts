/**
 * `station ui`: the station's web app on http://127.0.0.1:<ui.port>. Prints the address (with the
 * station's secret, kept in its data folder, in the fragment: it never reaches a server log); `--open` opens it in
 * the default browser. Runs until Ctrl-C. While it runs, the outbox is delivered in the background
 * (web/background-sender.ts) when a registry is configured.
 * Started again while it runs (the clerk's icon clicked twice): the running app's page is opened and
 * this one exits 0 (launcher/running-station.ts tells this station from another program on the port).
 * With `--open` (the icon, no terminal) a failure to start is shown in the browser as a page of its own
 * (launcher/startup-failure-page.ts).
 * `--stop` (the administrator: the icon's app has no window to press Ctrl+C in) asks the running app of
 * this station to stop as on Ctrl+C and waits until it has (cli/ui-stop.ts).
 */
import { pathToFileURL } from 'node:url';
import { StationError } from '../../../shared/src/errors.ts';
import { loadConfig, type StationConfig } from '../config.ts';
import { openerOf, type OpenUrl } from '../launcher/open-in-browser.ts';
import { otherHolderWords, whoHoldsPort } from '../launcher/running-station.ts';
import { configFileFor } from '../launcher/station-launch.ts';
import { asStationError, startupFailurePage, writeStartupFailurePage } from '../launcher/startup-failure-page.ts';
import { buildUiApp } from '../web/ui-app.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { openStationContext } from './station-context.ts';
import { uiStop } from './ui-stop.ts';

export const UI_USAGE = `Utilizare: station ui [opțiuni]
  --port N          portul (implicit ui.port din configurare, 7780)
  --open            deschide pagina în browserul implicit (dacă stația rulează deja, îi deschide pagina;
                    dacă nu poate porni, arată în browser o pagină cu motivul)
  --config FIȘIER   fișierul de configurare (implicit station.config.json)
  --stop            oprește stația pornită cu aceeași configurare (de exemplu din pictogramă, fără
                    fereastră), ca și Ctrl+C, și așteaptă până s-a oprit; refuză cât timp un lot se
                    scanează sau se împarte
  --force           împreună cu --stop: oprește întâi lotul în curs, ca butonul «Oprește» din pagină
                    (lotul rămâne în pauză, cu toate paginile)
Pagina ascultă doar pe 127.0.0.1: numai acest calculator o poate deschide.
`;

/** The address to open: the page reads the secret from the fragment and keeps it for the tab. */
export function uiAddress(port: number, secret: string): string {
  return `http://127.0.0.1:${port}/#cheie=${secret}`;
}

/**
 * The port is taken: this same station's app (started earlier) gets its page opened, exit 0;
 * another station or another program is PORT_IN_USE, naming the port and what to do.
 */
async function alreadyListening(cfg: StationConfig, secret: string, open: OpenUrl | null, io: CliIo): Promise<number> {
  const port = cfg.ui.port;
  const holder = await whoHoldsPort(port, secret, cfg.dataDir);
  if (holder !== 'this-station') {
    throw new StationError('PORT_IN_USE', `Portul ${port} este deja folosit ${otherHolderWords(holder)}. Închideți acel program sau alegeți alt port cu --port sau ui.port în configurare.`, { port, holder });
  }
  const url = uiAddress(port, secret);
  if (!open) {
    io.stdout.write(`Stația rulează deja pe acest calculator: ${url}\nDeschideți adresa de mai sus în browser.\n`);
    return 0;
  }
  try {
    await open(url);
  } catch {
    io.stderr.write(`Stația rulează deja pe acest calculator, dar browserul nu a putut fi deschis; copiați în browser adresa: ${url}\n`);
    return 0;
  }
  io.stdout.write(`Stația rulează deja pe acest calculator; pagina ei a fost deschisă în browser: ${url}\n`);
  return 0;
}

/**
 * A start that failed, shown in the browser (the clerk has no terminal); what happens is said on stderr too.
 * `dataDir`: the station's data folder when the configuration was read (else the temporary folder).
 */
export async function showStartupFailure(err: unknown, io: CliIo, o: { dataDir?: string; configFile?: string } = {}): Promise<void> {
  const { dataDir, configFile } = o;
  const open = openerOf(io);
  try {
    const file = await writeStartupFailurePage(startupFailurePage({ error: asStationError(err), at: new Date(), configFile }), { dataDir });
    await open(pathToFileURL(file).href);
    io.stderr.write(`Motivul a fost arătat în browser (${file}).\n`);
  } catch {
    io.stderr.write('Motivul nu a putut fi arătat în browser.\n');
  }
}

export async function uiCommand(argv: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(UI_USAGE);
    return 0;
  }
  const openUrl = openerOf(io);
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  let wantsOpen = argv.includes('--open');
  let configFile: string | undefined;
  let cfg: StationConfig | undefined;
  try {
    const { values } = parseCliArgs(argv, {
      port: { type: 'string' }, open: { type: 'boolean' }, config: { type: 'string' }, stop: { type: 'boolean' }, force: { type: 'boolean' },
    }, false);
    if (values.force && !values.stop) throw new StationError('USAGE', 'Opțiunea --force se folosește doar împreună cu --stop.');
    if (values.stop && values.open) throw new StationError('USAGE', 'Opțiunile --stop și --open nu se folosesc împreună.');
    wantsOpen = values.open === true;
    configFile = configFileFor(values.config, env, cwd);
    cfg = loadConfig({ file: values.config, env, cwd: io.cwd, overrides: values.port !== undefined ? { ui: { port: values.port } } : undefined });
    if (values.stop) return await uiStop(cfg, { force: values.force === true }, io);
    const station = openStationContext(cfg);
    // reports left in the outbox (a registry outage) go out on their own while the app runs, as with `station sync --watch`
    const ui = await buildUiApp(station, { env, backgroundSender: true }).catch((err: unknown) => {
      station.close();
      throw err;
    });
    // a fixed port is known now: a second start asking this app (running-station.ts) the moment it
    // listens is answered, not refused as a request to another address
    if (cfg.ui.port !== 0) ui.guard.setPort(cfg.ui.port);
    try {
      await ui.app.listen({ host: '127.0.0.1', port: cfg.ui.port });
    } catch (err) {
      await ui.app.close();
      station.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return await alreadyListening(cfg, ui.guard.secret, wantsOpen ? openUrl : null, io);
      throw err;
    }
    const address = ui.app.server.address();
    const port = typeof address === 'object' && address ? address.port : cfg.ui.port;
    ui.guard.setPort(port);
    const url = uiAddress(port, ui.guard.secret);
    // listened for before the browser is opened: a Ctrl+C meanwhile stops the app cleanly too
    const stopped = new Promise<void>((resolve) => {
      const done = () => resolve();
      if (stop?.aborted) done(); // stopped while it was starting
      else if (stop) stop.addEventListener('abort', done, { once: true });
      else {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      }
      // `station ui --stop` (the administrator; the icon's app has no window for Ctrl+C): the same stop
      ui.stopRequested.addEventListener('abort', done, { once: true });
    });
    io.stdout.write(`Stația în browser: ${url}\nDeschideți adresa de mai sus în browser (doar pe acest calculator). Opriți cu Ctrl+C.\n`);
    if (values.open) {
      await openUrl(url).catch(() => io.stderr.write('Browserul nu a putut fi deschis; copiați adresa de mai sus în browser.\n'));
    }
    await stopped;
    io.stdout.write('Se oprește stația…\n');
    await ui.app.close();
    station.close();
    return 0;
  } catch (err) {
    const code = reportError(err, io, false);
    if (wantsOpen) await showStartupFailure(err, io, { dataDir: cfg?.dataDir, configFile });
    return code;
  }
}
