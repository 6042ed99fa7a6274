/** `station devices`: the scanners a driver can see, with their sources and resolutions. */
import { loadConfig } from '../config.ts';
import type { ScanCapabilities, ScanDevice } from '../drivers/driver.ts';
import { createDriver, defaultDriverName } from '../drivers/registry.ts';
import { createConsumedFilesLedger } from '../journal/consumed-files-ledger.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { openStationContext } from './station-context.ts';

export const DEVICES_USAGE = `Utilizare: station devices [opțiuni]
  --details                arată și sursele, modurile și rezoluțiile fiecărui scaner
  --driver sane|wia|escl|folder driverul (implicit: sane pe Linux, wia pe Windows); escl arată
                           scanerele de rețea din configurare („escl.scanners”), folder arată
                           dosarele urmărite din configurare („folder.watched”)
  --config FIȘIER          fișierul de configurare (implicit station.config.json)
  --json                   lista ca JSON pe ieșirea standard
`;

export async function devicesCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = parseCliArgs(argv, { driver: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, details: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
    if (values.help) {
      io.stdout.write(DEVICES_USAGE);
      return 0;
    }
    json = Boolean(values.json);
    const env = io.env ?? process.env;
    const cfg = loadConfig({ file: values.config, env, cwd: io.cwd });
    const driverName = values.driver ?? defaultDriverName();
    // the watched folder's driver needs the journal's ledger and the folders named in the configuration
    const station = openStationContext(cfg);
    const devices: ScanDevice[] = [];
    const detailed: (ScanDevice & { capabilities?: ScanCapabilities })[] = [];
    try {
      const driver = await createDriver(driverName, { env, dataDir: cfg.dataDir, log: station.log, ledger: createConsumedFilesLedger(station.db), folder: cfg.folder, escl: cfg.escl });
      devices.push(...(await driver.listDevices()));
      for (const d of devices) detailed.push({ ...d, capabilities: values.details && !d.unavailable ? await driver.getCapabilities(d.id) : undefined });
    } finally {
      station.close();
    }
    if (json) {
      io.stdout.write(`${JSON.stringify(detailed)}\n`);
      return 0;
    }
    if (devices.length === 0 && driverName === 'folder') {
      io.stdout.write(cfg.folder.watched.length === 0
        ? 'Niciun dosar urmărit nu este configurat. Adăugați dosarele în configurare, la „folder.watched”.\n'
        : `Niciunul dintre dosarele urmărite din configurare nu există: ${cfg.folder.watched.join(', ')}.\n`);
      return 0;
    }
    if (devices.length === 0 && driverName === 'escl') {
      io.stdout.write('Niciun scaner de rețea (eSCL) nu este configurat. Adăugați adresele lor în configurare, la „escl.scanners” (de exemplu http://192.168.1.20/eSCL).\n');
      return 0;
    }
    if (devices.length === 0) {
      io.stdout.write('Nu a fost găsit niciun scaner. Verificați că este pornit și conectat.\n');
      return 0;
    }
    // a configured scanner that cannot be used now (switched off, busy, its certificate refused) is listed with the reason
    const unavailable = devices.filter((d) => d.unavailable).length;
    const available = `${devices.length - unavailable}${unavailable > 0 ? `; indisponibile: ${unavailable}` : ''}`;
    io.stdout.write(driverName === 'folder' ? `Dosare urmărite: ${devices.length}\n` : `Scanere găsite: ${available}\n`);
    for (const d of detailed) {
      if (d.unavailable) {
        io.stdout.write(`  ${d.id}  —  indisponibil: ${d.unavailable.reason}\n`);
        continue;
      }
      io.stdout.write(`  ${d.id}  —  ${[d.vendor, d.model].filter(Boolean).join(' ')} (${d.type === 'watched folder' ? 'dosar urmărit' : d.type})\n`);
      if (d.capabilities) {
        const c = d.capabilities;
        io.stdout.write(`      surse: ${c.sources.join(', ') || '—'}; moduri: ${c.modes.join(', ') || '—'}; rezoluții: ${c.resolutions.join(', ') || '—'} dpi\n`);
      }
    }
    return 0;
  } catch (err) {
    return reportError(err, io, json);
  }
}
