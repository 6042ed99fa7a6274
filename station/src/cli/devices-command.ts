/** `station devices`: the scanners a driver can see, with their sources and resolutions. */
import { loadConfig } from '../config.ts';
import { createDriver, defaultDriverName } from '../drivers/registry.ts';
import { createLogger } from '../log/logger.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';

export const DEVICES_USAGE = `Utilizare: station devices [opțiuni]
  --details                arată și sursele, modurile și rezoluțiile fiecărui scaner
  --driver sane|wia|folder driverul (implicit: sane pe Linux, wia pe Windows)
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
    const driver = await createDriver(values.driver ?? defaultDriverName(), { env, dataDir: cfg.dataDir, log: createLogger(cfg.dataDir) });
    const devices = await driver.listDevices();
    const detailed = [];
    for (const d of devices) detailed.push({ ...d, capabilities: values.details ? await driver.getCapabilities(d.id) : undefined });
    if (json) {
      io.stdout.write(`${JSON.stringify(detailed)}\n`);
      return 0;
    }
    if (devices.length === 0) {
      io.stdout.write('Nu a fost găsit niciun scaner. Verificați că este pornit și conectat.\n');
      return 0;
    }
    io.stdout.write(`Scanere găsite: ${devices.length}\n`);
    for (const d of detailed) {
      io.stdout.write(`  ${d.id}  —  ${[d.vendor, d.model].filter(Boolean).join(' ')} (${d.type})\n`);
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
