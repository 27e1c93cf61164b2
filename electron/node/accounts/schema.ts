/**
 * The `users` table, to be appended to `MIGRATIONS` as migration 6 (see
 * electron/node/storage/migrations.ts). Accounts are never deleted, only
 * disabled: their public keys must keep verifying the log entries they
 * signed.
 */
export const ACCOUNTS_MIGRATION = `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT NOT NULL,
    roles_json TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    password_params TEXT NOT NULL,
    key_public TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL UNIQUE,
    key_sealed BLOB NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until TEXT,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
  ) STRICT;
  CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;
  CREATE TRIGGER users_key_fixed BEFORE UPDATE OF key_public, key_fingerprint ON users
    BEGIN SELECT RAISE(ABORT, 'an account keeps its signing key'); END;
`;
