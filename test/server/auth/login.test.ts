/**
 * Logins over the repositories, with the statements they send counted: the failures of a name and
 * of an address are counted in one query per attempt (whether it goes through, fails or is
 * refused), and a lock ends when the clerk is told: when the failure that made it (the 5th or 20th
 * newest) is 15 minutes old.
 */
import { afterEach, expect, it } from 'vitest';
import { createLogins, LOGIN_LIMITS } from '../../../server/src/auth/login.ts';
import { hashPassword } from '../../../server/src/auth/passwords.ts';
import { createRepositories } from '../../../server/src/context.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { describeEngines, type TestEngine } from '../../support/postgres.ts';
import { freshSqlClient } from '../helpers/fresh-sql-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const open = (engine: TestEngine): Promise<SqlClient> => freshSqlClient(engine, cleanups);

/** The client, with the reads of login_failures it is asked for counted. */
function counting(db: SqlClient): { db: SqlClient; reads: () => number } {
  let reads = 0;
  const note = (sql: string) => {
    if (/^\s*SELECT\b[\s\S]*\bFROM login_failures\b/i.test(sql)) reads += 1;
  };
  return {
    db: {
      ...db,
      all: (sql, params) => (note(sql), db.all(sql, params)),
      get: (sql, params) => (note(sql), db.get(sql, params)),
      run: (sql, params) => (note(sql), db.run(sql, params)),
    },
    reads: () => {
      const n = reads;
      reads = 0;
      return n;
    },
  };
}

describeEngines('logins: failures counted in one query', (engine) => {
  it('one count a login, through failures, a user lock, an address lock and a success; the locks end at the time told', async () => {
    const counted = counting(await open(engine));
    let clock = Date.parse('2021-09-27T08:00:00.000Z');
    const now = () => new Date(clock);
    const repos = createRepositories(counted.db, now);
    const logins = createLogins({ users: repos.users, sessions: repos.sessions, audit: repos.audit, now });
    await repos.users.create('Ana', 'raport', await hashPassword('parola-corecta-1'), now().toISOString());
    const attempt = async (name: string, password: string, address = '10.0.0.1') => {
      try {
        await logins.login(name, password, address);
        return { code: 'OK', reads: counted.reads() };
      } catch (err) {
        if (!isStationError(err)) throw err;
        return { code: err.code, until: err.details.until, reads: counted.reads() };
      }
    };

    const firstFailure = clock + 60_000;
    for (let i = 0; i < LOGIN_LIMITS.perUser; i++) {
      clock += 60_000;
      expect(await attempt('ana', `gresit-${i}`)).toEqual({ code: 'UNAUTHORIZED', until: undefined, reads: 1 });
    }
    clock += 60_000;
    // the name is locked (any spelling): the right password is refused until the failure that made
    // the lock (the 5th newest, here the first) is 15 minutes old, and the time told is that one
    const until = new Date(firstFailure + LOGIN_LIMITS.windowMs).toISOString();
    expect(await attempt('ANA', 'parola-corecta-1')).toEqual({ code: 'TOO_MANY_ATTEMPTS', until, reads: 1 });
    clock = firstFailure + LOGIN_LIMITS.windowMs;
    expect(await attempt('ana', 'parola-corecta-1')).toEqual({ code: 'TOO_MANY_ATTEMPTS', until, reads: 1 });
    clock += 1;
    expect(await attempt('ana', 'parola-corecta-1')).toEqual({ code: 'OK', reads: 1 });

    // an address: 20 failures under other names lock it, whatever name comes next
    const firstFromAddress = clock + 1000;
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      clock += 1000;
      expect(await attempt(`ghicit-${i % 4}-${i}`, 'x', '10.0.0.9')).toMatchObject({ code: 'UNAUTHORIZED', reads: 1 });
    }
    clock += 1000;
    const addressUntil = new Date(firstFromAddress + LOGIN_LIMITS.windowMs).toISOString();
    expect(await attempt('ana', 'parola-corecta-1', '10.0.0.9')).toEqual({ code: 'TOO_MANY_ATTEMPTS', until: addressUntil, reads: 1 });
    // the refused attempts were not kept as failures: the lock ends at the time told
    clock = firstFromAddress + LOGIN_LIMITS.windowMs;
    expect(await attempt('ana', 'parola-corecta-1', '10.0.0.9')).toEqual({ code: 'TOO_MANY_ATTEMPTS', until: addressUntil, reads: 1 });
    clock += 1;
    expect(await attempt('ana', 'parola-corecta-1', '10.0.0.9')).toEqual({ code: 'OK', reads: 1 });
  });
});

describeEngines('logins: names with Romanian capitals', (engine) => {
  it('«Țugui» logs in however the name is written, «Ștefan» is «ștefan», and the locks count both spellings as one name', async () => {
    const db = await open(engine);
    let clock = Date.parse('2021-09-27T08:00:00.000Z');
    const now = () => new Date(clock);
    const repos = createRepositories(db, now);
    const logins = createLogins({ users: repos.users, sessions: repos.sessions, audit: repos.audit, now });
    const hash = await hashPassword('parola-corecta-1');
    await repos.users.create('Țugui', 'raport', hash, now().toISOString());
    await repos.users.create('ștefan', 'raport', hash, now().toISOString());
    const attempt = async (name: string, password: string, address: string) => {
      clock += 1000;
      try {
        return { code: 'OK', user: (await logins.login(name, password, address)).user.name };
      } catch (err) {
        if (!isStationError(err)) throw err;
        return { code: err.code, scope: err.details.scope };
      }
    };

    for (const spelling of ['Țugui', 'țugui', 'ȚUGUI']) {
      expect(await attempt(spelling, 'parola-corecta-1', '10.0.0.1')).toEqual({ code: 'OK', user: 'Țugui' });
    }
    expect(await attempt('Ștefan', 'parola-corecta-1', '10.0.0.1')).toEqual({ code: 'OK', user: 'ștefan' });
    await expect(repos.users.create('Ștefan', 'admin', hash, now().toISOString())).rejects.toMatchObject({ code: 'CONFLICT' });

    // one address: wrong passwords under both spellings lock the name there (5)
    for (let i = 0; i < LOGIN_LIMITS.perUser; i++) {
      expect(await attempt(i % 2 ? 'Ștefan' : 'ștefan', `gresit-${i}`, '10.0.0.2')).toEqual({ code: 'UNAUTHORIZED', scope: undefined });
    }
    expect(await attempt('ȘTEFAN', 'parola-corecta-1', '10.0.0.2')).toEqual({ code: 'TOO_MANY_ATTEMPTS', scope: 'user-at-address' });
    // all addresses: 15 under both spellings, at most 4 from each, lock the name at a new address
    for (let i = LOGIN_LIMITS.perUser; i < LOGIN_LIMITS.perUserEverywhere; i++) {
      const address = `10.0.1.${Math.floor(i / 4)}`;
      expect(await attempt(i % 2 ? 'Ștefan' : 'ștefan', `gresit-${i}`, address)).toEqual({ code: 'UNAUTHORIZED', scope: undefined });
    }
    expect(await attempt('ștefan', 'parola-corecta-1', '10.0.2.1')).toEqual({ code: 'TOO_MANY_ATTEMPTS', scope: 'user' });
    expect(await attempt('Ștefan', 'parola-corecta-1', '10.0.2.2')).toEqual({ code: 'TOO_MANY_ATTEMPTS', scope: 'user' });
    // where the user logged in before (written «Ștefan» then), the name-wide lock does not apply
    expect(await attempt('ȘTEFAN', 'parola-corecta-1', '10.0.0.1')).toEqual({ code: 'OK', user: 'ștefan' });
  });
});

describeEngines('logins: the known-address check', (engine) => {
  it('is not asked when another lock refuses the attempt until as late, and is asked when only the name-wide lock applies', async () => {
    const db = await open(engine);
    let clock = Date.parse('2021-09-27T08:00:00.000Z');
    const now = () => new Date(clock);
    let auditReads = 0;
    const counted: SqlClient = {
      ...db,
      get: (sql, params) => (/\bFROM audit_log\b/.test(sql) && (auditReads += 1), db.get(sql, params)),
    };
    const repos = createRepositories(counted, now);
    const logins = createLogins({ users: repos.users, sessions: repos.sessions, audit: repos.audit, now });
    await repos.users.create('dana', 'raport', await hashPassword('parola-corecta-1'), now().toISOString());
    const attempt = async (name: string, password: string, address: string) => {
      clock += 1000;
      auditReads = 0;
      try {
        await logins.login(name, password, address);
        return { code: 'OK', auditReads };
      } catch (err) {
        if (!isStationError(err)) throw err;
        return { code: err.code, scope: err.details.scope, auditReads };
      }
    };
    const own = '10.0.0.1';
    expect(await attempt('dana', 'parola-corecta-1', own)).toEqual({ code: 'OK', auditReads: 0 });
    // a guess of dana's password from three PCs (15): the name is locked but at her own PC
    for (let i = 0; i < LOGIN_LIMITS.perUserEverywhere; i++) {
      expect(await attempt('dana', `gresit-${i}`, `10.0.1.${i % 3}`)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(await attempt('dana', 'parola-corecta-1', '10.0.2.1')).toEqual({ code: 'TOO_MANY_ATTEMPTS', scope: 'user', auditReads: 1 });
    expect(await attempt('dana', 'parola-corecta-1', own)).toEqual({ code: 'OK', auditReads: 1 });
    // then dana's own PC is locked as an address (20 under other names, after the guess): refused by
    // that lock, which ends later, without asking the audit log
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      expect(await attempt(`ghicit-${i}`, 'x', own)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(await attempt('dana', 'parola-corecta-1', own)).toEqual({ code: 'TOO_MANY_ATTEMPTS', scope: 'address', auditReads: 0 });
  });
});
