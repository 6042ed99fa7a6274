/**
 * `station shortcut`: for the administrator who sets up the clerk's PC once. Puts the icon
 * «Stația de scanare» that starts `station ui --open` with no terminal (launcher/: a .vbs on Windows,
 * .desktop files on Linux) on the Desktop and, when asked, where the session starts it at logon;
 * `--remove` takes away what it put, and only that.
 */
import { loadConfig } from '../config.ts';
import type { InstallOutcome, RemoveOutcome } from '../launcher/shortcut-files.ts';
import { installShortcuts, removeShortcuts } from '../launcher/shortcut-files.ts';
import { shortcutTargets, type KnownFolderLookup, type ShortcutPlace } from '../launcher/shortcut-places.ts';
import { configFileFor, stationLaunch } from '../launcher/station-launch.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';

export const SHORTCUT_USAGE = `Utilizare: station shortcut [opțiuni]
Pune pe acest calculator pictograma «Stația de scanare»: cu un dublu clic pe ea, funcționarul pornește
stația fără fereastră de terminal și i se deschide pagina în browser (dacă stația rulează deja, doar
pagina). Rulați comanda o dată, ca utilizatorul care scanează, din dosarul stației.
  --desktop         pictograma pe Desktop (pe Linux și în meniul de aplicații); implicit, dacă nu alegeți nimic
  --autostart       stația pornește singură când utilizatorul intră în sesiune (dosarul Startup pe Windows)
  --remove          șterge pictogramele puse de această comandă (doar pe ale ei); cu --desktop sau
                    --autostart, doar pe acelea
  --config FIȘIER   fișierul de configurare cu care pornește stația (implicit station.config.json din
                    dosarul curent, dacă există)
Rulată din nou cu aceleași opțiuni, comanda nu schimbă nimic.
`;

const PLACE_RO: Record<ShortcutPlace, string> = { desktop: 'Desktop', menu: 'meniul de aplicații', autostart: 'pornire la deschiderea sesiunii' };
const INSTALLED_RO: Record<InstallOutcome, string> = { written: 'pus', updated: 'înnoit', unchanged: 'era deja, neschimbat', 'no-folder': 'nepus: dosarul nu există' };
const REMOVED_RO: Record<RemoveOutcome, string> = { removed: 'șters', absent: 'nu era', 'not-ours': 'lăsat neatins: nu l-a pus „station shortcut”' };

/** What a test changes: the platform, and the Windows shell's folders. */
export interface ShortcutDeps {
  platform?: NodeJS.Platform;
  lookup?: KnownFolderLookup;
}

export async function shortcutCommand(argv: string[], io: CliIo, deps: ShortcutDeps = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SHORTCUT_USAGE);
    return 0;
  }
  try {
    const { values } = parseCliArgs(argv, { desktop: { type: 'boolean' }, autostart: { type: 'boolean' }, remove: { type: 'boolean' }, config: { type: 'string' } }, false);
    const env = io.env ?? process.env;
    const cwd = io.cwd ?? process.cwd();
    const platform = deps.platform ?? process.platform;
    const chosen = values.desktop || values.autostart;
    const choice = values.remove && !chosen
      ? { desktop: true, autostart: true }
      : { desktop: values.desktop === true || !chosen, autostart: values.autostart === true };
    const configFile = configFileFor(values.config, env, cwd);
    if (!values.remove) loadConfig({ file: configFile, env: {}, cwd }); // a configuration the clerk's start would refuse is said now, to the administrator
    const targets = await shortcutTargets(stationLaunch({ cwd, configFile }), choice, { platform, env, lookup: deps.lookup });
    const line = (place: ShortcutPlace, file: string, what: string) => io.stdout.write(`  ${PLACE_RO[place]}: ${file} (${what})\n`);
    if (values.remove) {
      const results = await removeShortcuts(targets);
      for (const r of results) line(r.target.place, r.target.file, REMOVED_RO[r.outcome]);
      return 0;
    }
    const results = await installShortcuts(targets, platform);
    for (const r of results) line(r.target.place, r.target.file, INSTALLED_RO[r.outcome]);
    const placed = results.filter((r) => r.outcome !== 'no-folder').map((r) => r.target.place);
    if (placed.includes('desktop') || placed.includes('menu')) {
      io.stdout.write('Funcționarul pornește stația cu dublu clic pe «Stația de scanare»; dacă stația rulează deja, i se deschide pagina.\n');
    }
    if (placed.includes('autostart')) io.stdout.write('Stația pornește singură la deschiderea sesiunii acestui utilizator.\n');
    if (configFile) io.stdout.write(`Stația pornește cu configurarea din ${configFile}.\n`);
    const unseen = Object.keys(env).filter((k) => k.startsWith('STATION_') && k !== 'STATION_CONFIG');
    if (unseen.length) {
      io.stderr.write(`Atenție: variabilele de mediu ${unseen.join(', ')} din acest terminal nu ajung la stația pornită din pictogramă; puneți valorile lor în fișierul de configurare.\n`);
    }
    return 0;
  } catch (err) {
    return reportError(err, io, false);
  }
}
