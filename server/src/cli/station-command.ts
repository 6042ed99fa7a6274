/** `server station add <name>` (prints the token once) and `server station list` (the database used is named on stderr). */
import { StationError } from '../../../shared/src/errors.ts';
import { STATION_NAME_MAX, STATION_NAME_PATTERN } from '../../../shared/src/schemas/common.ts';
import { createAuditRepository } from '../repositories/audit-repository.ts';
import { createStationRepository } from '../repositories/station-repository.ts';
import { createStation } from '../services/create-station.ts';
import type { CliIo } from './io.ts';
import { openRegistryForCli } from './open-registry.ts';

function withStations<T>(io: CliIo, use: (stations: ReturnType<typeof createStationRepository>) => T): T {
  const db = openRegistryForCli(io);
  try {
    return use(createStationRepository(db));
  } finally {
    db.close();
  }
}

export function stationAdd(io: CliIo, name: string): number {
  if (name.length > STATION_NAME_MAX || !new RegExp(STATION_NAME_PATTERN).test(name)) {
    throw new StationError('USAGE', `Numele stației „${name}” nu este valid: litere, cifre, „.”, „_”, „-”, cel mult ${STATION_NAME_MAX} caractere.`);
  }
  const db = openRegistryForCli(io);
  let created: ReturnType<typeof createStation>;
  try {
    created = createStation(createStationRepository(db), name);
    createAuditRepository(db).append({ actor: 'cli', action: 'station-add', target: created.name });
  } finally {
    db.close();
  }
  io.out(`Stația „${created.name}” a fost creată.`);
  io.out('Tokenul ei (afișat o singură dată; treceți-l în configurația stației):');
  io.out(created.token);
  return 0;
}

export function stationList(io: CliIo): number {
  const list = withStations(io, (stations) => stations.list());
  if (list.length === 0) {
    io.out('Nu există nicio stație. Adăugați una cu: server station add <nume>');
    return 0;
  }
  io.out(['Stația', 'Creată la', 'Loturi', 'Ultimul lot'].join('\t'));
  for (const s of list) io.out([s.name, s.createdAt, String(s.batches), s.lastBatchAt ?? '-'].join('\t'));
  return 0;
}
