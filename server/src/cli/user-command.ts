/**
 * `server user add <name> --role <role>` (prints a first password once), `user passwd <name>`
 * (a new password, printed once; open sessions end), `user disable|enable <name>`, `user list`.
 * Every change goes to the audit log with the actor `cli`.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { createAuditRepository } from '../repositories/audit-repository.ts';
import { USER_ROLES, createUserRepository } from '../repositories/user-repository.ts';
import { addUser, checkUserName, resetPassword, setUserDisabled, type UserChange } from '../services/manage-users.ts';
import type { CliIo } from './io.ts';
import { openRegistryForCli } from './open-registry.ts';
import { loadConfig } from '../config.ts';

export const USER_USAGE = [
  '  server user add <nume> --role <rol>   creează un utilizator (rol: admin, registratura, raport) și îi afișează parola o singură dată',
  '  server user passwd <nume>             îi dă o parolă nouă (afișată o singură dată); sesiunile lui deschise se închid',
  '  server user disable <nume>            îl dezactivează (nu se mai poate autentifica)',
  '  server user enable <nume>             îl reactivează',
  '  server user list                      afișează utilizatorii',
];

async function withDb<T>(io: CliIo, use: (db: SqlClient) => Promise<T> | T): Promise<T> {
  const db = await openRegistryForCli(io);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

const change = (db: SqlClient, io: CliIo): UserChange => ({
  users: createUserRepository(db), audit: createAuditRepository(db), actor: 'cli', now: new Date(),
  hashCost: loadConfig(io.env, io.cwd).passwordHashCost,
});

/** A bad name or role is a usage error on the command line (exit code 2). */
function asUsage(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (isStationError(err, 'VALIDATION_FAILED')) throw new StationError('USAGE', err.message);
    throw err;
  }
}

function roleArgument(args: string[]): string {
  const i = args.indexOf('--role');
  const role = i >= 0 ? args[i + 1] : undefined;
  if (!role || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new StationError('USAGE', `Indicați rolul cu --role: ${USER_ROLES.join(', ')}.`);
  }
  return role;
}

function printPassword(io: CliIo, password: string): void {
  io.out('Parola (afișată o singură dată; transmiteți-o persoanei pe o cale sigură):');
  io.out(password);
}

export async function userCommand(io: CliIo, args: string[]): Promise<number> {
  const [sub, name, ...rest] = args;
  if (sub === 'list' && name === undefined) {
    const users = await withDb(io, (db) => createUserRepository(db).list());
    if (users.length === 0) {
      io.out('Nu există niciun utilizator. Creați primul administrator cu: npx server user add <nume> --role admin');
      return 0;
    }
    io.out(['Utilizator', 'Rol', 'Creat la', 'Stare'].join('\t'));
    for (const u of users) io.out([u.name, u.role, u.createdAt, u.disabledAt ? `dezactivat la ${u.disabledAt}` : 'activ'].join('\t'));
    return 0;
  }
  if (name === undefined) throw new StationError('USAGE', `Comandă incompletă: server user ${args.join(' ')}`);
  asUsage(() => checkUserName(name));

  if (sub === 'add' && rest.length === 2) {
    const role = roleArgument(rest);
    const password = await withDb(io, (db) => addUser(change(db, io), name, role));
    io.out(`Utilizatorul „${name}” (rol ${role}) a fost creat.`);
    printPassword(io, password);
    return 0;
  }
  if (sub === 'passwd' && rest.length === 0) {
    const password = await withDb(io, (db) => resetPassword(change(db, io), name));
    io.out(`Utilizatorul „${name}” are o parolă nouă; sesiunile lui deschise s-au închis.`);
    printPassword(io, password);
    return 0;
  }
  if ((sub === 'disable' || sub === 'enable') && rest.length === 0) {
    await withDb(io, (db) => setUserDisabled(change(db, io), name, sub === 'disable'));
    io.out(sub === 'disable' ? `Utilizatorul „${name}” a fost dezactivat.` : `Utilizatorul „${name}” a fost reactivat.`);
    return 0;
  }
  throw new StationError('USAGE', `Comandă necunoscută: server user ${args.join(' ')}`);
}
