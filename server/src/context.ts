/** What route plugins receive: repositories over the open database (SQLite or PostgreSQL) and limits (access rules: access/access-rules.ts). */
import type { SqlClient } from './db/sql-client.ts';
import type { Logins } from './auth/login.ts';
import type { PasswordHashCost } from './auth/passwords.ts';
import type { SessionCookieSecure } from './config.ts';
import { createAuditRepository, type AuditRepository } from './repositories/audit-repository.ts';
import { createBatchRepository, type BatchRepository } from './repositories/batch-repository.ts';
import { createBorderouRepository, type BorderouRepository } from './repositories/borderou-repository.ts';
import { createReconciliationRepository, type ReconciliationRepository } from './repositories/reconciliation-repository.ts';
import { createReportRepository, type ReportRepository } from './repositories/report-repository.ts';
import { createSessionRepository, type SessionRepository } from './repositories/session-repository.ts';
import { createStationRepository, type StationRepository } from './repositories/station-repository.ts';
import { createUserRepository, type UserRepository } from './repositories/user-repository.ts';
import { createWeekRepository, type WeekRepository } from './repositories/week-repository.ts';

export interface Repositories {
  stations: StationRepository;
  batches: BatchRepository;
  borderouri: BorderouRepository;
  reports: ReportRepository;
  reconciliation: ReconciliationRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  weeks: WeekRepository;
}

export interface RouteContext {
  repos: Repositories;
  timeZone: string;
  csvBodyLimit: number;
  /** Web logins and sessions (auth/login.ts). */
  logins: Logins;
  /** The clock (injected by tests). */
  now: () => Date;
  /** config passwordHashCost: how new passwords are hashed. */
  hashCost: PasswordHashCost;
  /** config sessionCookieSecure: when the session cookie is Secure. */
  sessionCookieSecure: SessionCookieSecure;
}

export function createRepositories(db: SqlClient, now: () => Date = () => new Date()): Repositories {
  return {
    stations: createStationRepository(db),
    batches: createBatchRepository(db),
    borderouri: createBorderouRepository(db),
    reports: createReportRepository(db),
    reconciliation: createReconciliationRepository(db),
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    audit: createAuditRepository(db, now),
    weeks: createWeekRepository(db),
  };
}
