/** `server station add <name>` (prints the token once) and `server station list` (the database used is named on stderr). */
import { StationError } from '../../../shared/src/errors.ts';
import { STATION_NAME_MAX, STATION_NAME_PATTERN } from '../../../shared/src/schemas/common.ts';
import { createAuditRepository } from '../repositories/audit-repository.ts';
import { createStationRepository } from '../repositories/station-repository.ts';
import { createStation } from '../services/create-station.ts';
import type { CliIo } from './io.ts';
import { openRegistryForCli } from './open-registry.ts';

async function withStations<T>(io: CliIo, use: (stations: ReturnType<typeof createStationRepository>) => Promise<T>): Promise<T> {
  const db = await openRegistryForCli(io);
  try {
    return await use(createStationRepository(db));
  } finally {
    await db.close();
  }
}

export async function stationAdd(io: CliIo, name: string): Promise<number> {
  if (name.length > STATION_NAME_MAX || !new RegExp(STATION_NAME_PATTERN).test(name)) {
    throw new StationError('USAGE', `Numele stației „${name}” nu este valid: litere, cifre, „.”, „_”, „-”, cel mult ${STATION_NAME_MAX} caractere.`);
  }
  const db = await openRegistryForCli(io);
  let created: Awaited<ReturnType<typeof createStation>>;
  try {
    created = await createStation(createStationRepository(db), name);
    await createAuditRepository(db).append({ actor: 'cli', action: 'station-add', target: created.name });
  } finally {
    await db.close();
  }
  io.out(`Stația „${created.name}” a fost creată.`);
  io.out('Tokenul ei (afișat o singură dată; treceți-l în configurația stației):');
  io.out(created.token);
  return 0;
}

export async function stationList(io: CliIo): Promise<number> {
  const list = await withStations(io, (stations) => stations.list());
  if (list.length === 0) {
    io.out('Nu există nicio stație. Adăugați una cu: server station add <nume>');
    return 0;
  }
  io.out(['Stația', 'Creată la', 'Loturi', 'Ultimul lot'].join('\t'));
  for (const s of list) io.out([s.name, s.createdAt, String(s.batches), s.lastBatchAt ?? '-'].join('\t'));
  return 0;
}
