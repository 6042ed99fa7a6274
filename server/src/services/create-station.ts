/** Creates a station with a fresh bearer token; the token is returned once and only its hash is stored. */
import type { CreatedStation } from '../../../shared/src/schemas/stations.ts';
import type { StationRepository } from '../repositories/station-repository.ts';
import { generateToken, hashToken } from '../lib/tokens.ts';

export async function createStation(stations: StationRepository, name: string, now: Date = new Date()): Promise<CreatedStation> {
  const token = generateToken();
  const station = await stations.create(name, hashToken(token), now.toISOString());
  return { name: station.name, createdAt: station.createdAt, token };
}
