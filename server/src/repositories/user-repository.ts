/** People who use the web application: name, role, argon2id password hash, disabled or not. */
import type { Database } from 'better-sqlite3';
import { StationError } from '../../../shared/src/errors.ts';

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

const COLUMNS = `id, name, role, password_hash AS passwordHash, created_at AS createdAt,
  password_changed_at AS passwordChangedAt, disabled_at AS disabledAt`;

export function createUserRepository(db: Database) {
  const insert = db.prepare<[string, UserRole, string, string, string]>(
    'INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const byName = db.prepare<[string], UserRecord>(`SELECT ${COLUMNS} FROM users WHERE name = ?`);
  const byId = db.prepare<[number], UserRecord>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const all = db.prepare<[], UserRecord>(`SELECT ${COLUMNS} FROM users ORDER BY name`);
  const setPassword = db.prepare<[string, string, number]>('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?');
  const setDisabled = db.prepare<[string | null, number]>('UPDATE users SET disabled_at = ? WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NULL');
  const deleteSessions = db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?');

  const require = (name: string): UserRecord => {
    const user = byName.get(name);
    if (!user) throw new StationError('NOT_FOUND', `Utilizatorul „${name}” nu există.`, { user: name });
    return user;
  };

  return {
    /** Throws CONFLICT when the name is taken (names compare case-insensitively). */
    create(name: string, role: UserRole, passwordHash: string, now: string): UserRecord {
      return db.transaction(() => {
        if (byName.get(name)) throw new StationError('CONFLICT', `Utilizatorul „${name}” există deja.`, { user: name });
        const { id } = insert.get(name, role, passwordHash, now, now) as { id: number };
        return byId.get(id)!;
      }).immediate();
    },
    findByName(name: string): UserRecord | undefined {
      return byName.get(name);
    },
    findById(id: number): UserRecord | undefined {
      return byId.get(id);
    },
    /** Throws NOT_FOUND. */
    require,
    list(): UserSummary[] {
      return all.all().map(({ passwordHash: _h, id: _id, ...summary }) => summary);
    },
    activeCount(): number {
      return count.get()!.n;
    },
    /** New password; every open session of the user ends. */
    changePassword(id: number, passwordHash: string, now: string): void {
      db.transaction(() => {
        setPassword.run(passwordHash, now, id);
        deleteSessions.run(id);
      }).immediate();
    },
    /** Disabled users cannot log in; their open sessions end at once. */
    setDisabled(id: number, disabledAt: string | null): void {
      db.transaction(() => {
        setDisabled.run(disabledAt, id);
        if (disabledAt !== null) deleteSessions.run(id);
      }).immediate();
    },
  };
}
