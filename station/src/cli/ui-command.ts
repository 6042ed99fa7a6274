/**
 * `station ui`: the station's web app on http://127.0.0.1:<ui.port>. Prints the address (with the
 * station's secret, kept in its data folder, in the fragment: it never reaches a server log); `--open` opens it in
 * the default browser. Runs until Ctrl-C. While it runs, the outbox is delivered in the background
 * (web/background-sender.ts) when a registry is configured.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../config.ts';
import { spawn } from '../exec/spawn-process.ts';
import { buildUiApp } from '../web/ui-app.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { openStationContext } from './station-context.ts';

export const UI_USAGE = `Utilizare: station ui [opțiuni]
  --port N          portul (implicit ui.port din configurare, 7780)
  --open            deschide pagina în browserul implicit
  --config FIȘIER   fișierul de configurare (implicit station.config.json)
Pagina ascultă doar pe 127.0.0.1: numai acest calculator o poate deschide.
`;

/** The address to open: the page reads the secret from the fragment and keeps it for the tab. */
export function uiAddress(port: number, secret: string): string {
  return `http://127.0.0.1:${port}/#cheie=${secret}`;
}

function openInBrowser(url: string): Promise<unknown> {
  if (process.platform === 'win32') return spawn('explorer.exe', [url], { timeoutMs: 15_000 });
  if (process.platform === 'darwin') return spawn('open', [url], { timeoutMs: 15_000 });
  return spawn('xdg-open', [url], { timeoutMs: 15_000 });
}

export async function uiCommand(argv: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(UI_USAGE);
    return 0;
  }
  try {
    const { values } = parseCliArgs(argv, { port: { type: 'string' }, open: { type: 'boolean' }, config: { type: 'string' } }, false);
    const env = io.env ?? process.env;
    const cfg = loadConfig({ file: values.config, env, cwd: io.cwd, overrides: values.port !== undefined ? { ui: { port: values.port } } : undefined });
    const station = openStationContext(cfg);
    // reports left in the outbox (a registry outage) go out on their own while the app runs, as with `station sync --watch`
    const ui = await buildUiApp(station, { env, backgroundSender: true });
    try {
      await ui.app.listen({ host: '127.0.0.1', port: cfg.ui.port });
    } catch (err) {
      await ui.app.close();
      station.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new StationError('CONFIG_INVALID', `Portul ${cfg.ui.port} este deja folosit (poate „station ui” rulează deja). Alegeți altul cu --port sau ui.port în configurare.`);
      throw err;
    }
    const address = ui.app.server.address();
    const port = typeof address === 'object' && address ? address.port : cfg.ui.port;
    ui.guard.setPort(port);
    const url = uiAddress(port, ui.guard.secret);
    io.stdout.write(`Stația în browser: ${url}\nDeschideți adresa de mai sus în browser (doar pe acest calculator). Opriți cu Ctrl+C.\n`);
    if (values.open) {
      await openInBrowser(url).catch(() => io.stderr.write('Browserul nu a putut fi deschis; copiați adresa de mai sus în browser.\n'));
    }
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      if (stop?.aborted) done(); // stopped while it was starting
      else if (stop) stop.addEventListener('abort', done, { once: true });
      else {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      }
    });
    io.stdout.write('Se oprește stația…\n');
    await ui.app.close();
    station.close();
    return 0;
  } catch (err) {
    return reportError(err, io, false);
  }
}
