/** What route plugins receive: repositories over the open database and limits (access rules: access/access-rules.ts). */
import type { Database } from 'better-sqlite3';
import { createBatchRepository, type BatchRepository } from './repositories/batch-repository.ts';
import { createBorderouRepository, type BorderouRepository } from './repositories/borderou-repository.ts';
import { createReconciliationRepository, type ReconciliationRepository } from './repositories/reconciliation-repository.ts';
import { createReportRepository, type ReportRepository } from './repositories/report-repository.ts';
import { createStationRepository, type StationRepository } from './repositories/station-repository.ts';

export interface Repositories {
  stations: StationRepository;
  batches: BatchRepository;
  borderouri: BorderouRepository;
  reports: ReportRepository;
  reconciliation: ReconciliationRepository;
}

export interface RouteContext {
  repos: Repositories;
  timeZone: string;
  csvBodyLimit: number;
}

export function createRepositories(db: Database): Repositories {
  return {
    stations: createStationRepository(db),
    batches: createBatchRepository(db),
    borderouri: createBorderouRepository(db),
    reports: createReportRepository(db),
    reconciliation: createReconciliationRepository(db),
  };
}
