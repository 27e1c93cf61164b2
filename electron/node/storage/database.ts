import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the app database in WAL mode with foreign keys,
 * brings it up to the current schema in one transaction, and refuses a
 * database written by a newer version of the app.
 */
export function openDatabase(dataDir: string, migrations: readonly string[] = MIGRATIONS): Db {
  const db = new Database(join(dataDir, 'mishen.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new AppError(
      'refused',
      `数据库由更新版本的密审创建（架构版本 ${current}），请升级本软件后再打开`,
      `database was written by a newer Mishen (schema ${current}); upgrade to open it`,
    );
  }
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
