/** People who use the web application: name, role, argon2id password hash, disabled or not. */
import { dialect, type SqlClient } from '../db/sql-client.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { foldedSql, foldUserName } from './user-name-fold.ts';

export const USER_ROLES = ['admin', 'registratura', 'raport'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserRecord {
  id: number;
  name: string;
  role: UserRole;
  passwordHash: string;
  createdAt: string;
  passwordChangedAt: string;
  disabledAt: string | null;
}

export type UserSummary = Omit<UserRecord, 'passwordHash' | 'id'>;

export type UserRepository = ReturnType<typeof createUserRepository>;

const COLUMNS = `id, name, role, password_hash AS "passwordHash", created_at AS "createdAt",
  password_changed_at AS "passwordChangedAt", disabled_at AS "disabledAt"`;

export function createUserRepository(db: SqlClient) {
  // Names compare folded alike on both engines (user-name-fold.ts), by the unique index on the fold.
  const byName = `SELECT ${COLUMNS} FROM users WHERE ${foldedSql('name')} = ?`;
  const order = dialect(db, { sqlite: 'name', postgres: 'lower(name), name' });
  const findByName = (name: string): Promise<UserRecord | undefined> => db.get(byName, [foldUserName(name)]);

  const require = async (name: string): Promise<UserRecord> => {
    const user = await findByName(name);
    if (!user) throw new StationError('NOT_FOUND', `Utilizatorul „${name}” nu există.`, { user: name });
    return user;
  };

  return {
    /** Throws CONFLICT when the name is taken (names compare folded: «Ștefan» is «ștefan»). */
    async create(name: string, role: UserRole, passwordHash: string, now: string): Promise<UserRecord> {
      const { rows } = await db.run(
        `INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`, [name, role, passwordHash, now, now]);
      if (!rows[0]) throw new StationError('CONFLICT', `Utilizatorul „${name}” există deja.`, { user: name });
      return rows[0] as unknown as UserRecord;
    },
    findByName,
    findById(id: number): Promise<UserRecord | undefined> {
      return db.get(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
    },
    /** Throws NOT_FOUND. */
    require,
    async list(): Promise<UserSummary[]> {
      const rows = await db.all<UserRecord>(`SELECT ${COLUMNS} FROM users ORDER BY ${order}`);
      return rows.map(({ passwordHash: _h, id: _id, ...summary }) => summary);
    },
    async activeCount(): Promise<number> {
      return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NULL'))!.n;
    },
    /** New password; every open session of the user ends. */
    async changePassword(id: number, passwordHash: string, now: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.run('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?', [passwordHash, now, id]);
        await tx.run('DELETE FROM sessions WHERE user_id = ?', [id]);
      });
    },
    /** Disabled users cannot log in; their open sessions end at once. */
    async setDisabled(id: number, disabledAt: string | null): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.run('UPDATE users SET disabled_at = ? WHERE id = ?', [disabledAt, id]);
        if (disabledAt !== null) await tx.run('DELETE FROM sessions WHERE user_id = ?', [id]);
      });
    },
  };
}
