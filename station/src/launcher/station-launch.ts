/**
 * How the station is started without npm or a terminal: this node (process.execPath), the node flags
 * bin/station.js names on its first line (a launcher that drops them loses the GC setting, see
 * test/bin/station-launcher.test.ts), the CLI entry script, `ui --open`, and the configuration file
 * and working folder the administrator chose, all as absolute paths.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The station CLI's entry script (package.json "bin".station). */
export const STATION_ENTRY = fileURLToPath(new URL('../../../bin/station.js', import.meta.url));

export interface StationLaunch {
  /** The node executable. */
  program: string;
  /** node's arguments: flags, the entry script, the command and its options. */
  args: string[];
  /** The working folder the station starts in (a relative dataDir in the config is read from it). */
  cwd: string;
}

/** The node flags on bin/station.js's first line (`#!/usr/bin/env -S node --flag…`). */
export function entryNodeFlags(entry = STATION_ENTRY): string[] {
  const first = readFileSync(entry, 'utf8').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--\S+)*)\s*$/.exec(first);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

/**
 * The configuration file the station reads started in `cwd`: the one named (`--config`, STATION_CONFIG),
 * else `station.config.json` in `cwd` when there is one, else none (the defaults).
 */
export function configFileFor(named: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const explicit = named ?? env.STATION_CONFIG;
  if (explicit) return path.resolve(cwd, explicit);
  const file = path.join(cwd, 'station.config.json');
  return existsSync(file) ? file : undefined;
}

export function stationLaunch(o: { cwd: string; configFile?: string; program?: string; entry?: string; flags?: string[] }): StationLaunch {
  const entry = o.entry ?? STATION_ENTRY;
  const config = o.configFile ? ['--config', path.resolve(o.cwd, o.configFile)] : [];
  return {
    program: o.program ?? process.execPath,
    args: [...(o.flags ?? entryNodeFlags(entry)), entry, 'ui', '--open', ...config],
    cwd: o.cwd,
  };
}
