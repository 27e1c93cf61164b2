import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { MIGRATIONS } from '../../electron/node/storage/migrations';
import { openDatabase } from '../../electron/node/storage/database';
import { BlobStore } from '../../electron/node/storage/blob-store';
import { useTempDirs } from '../fixtures/temp';
import { writeFileSync } from 'node:fs';

const tempDir = useTempDirs();

describe('database', () => {
  it('opens in WAL mode with foreign keys and the current schema', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const strict = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%'").all();
    expect(strict).toEqual([]);
    db.close();
  });

  it('enforces foreign keys and column types (STRICT)', () => {
    const db = openDatabase(tempDir());
    expect(() => db.prepare("INSERT INTO decisions (review, finding_id, decision, reason, decided_at) VALUES (42, 'x', 'accepted', NULL, 'now')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO documents VALUES ('a', 'n', 'txt', 'big', 'now')").run()).toThrow(/cannot store TEXT value in INTEGER/);
    db.close();
  });

  it('refuses a database from a newer version', () => {
    const dir = tempDir();
    const raw = new Database(join(dir, 'mishen.db'));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(AppError);
    expect(() => openDatabase(dir)).toThrow(/更新版本/);
  });

  it('runs a failing migration atomically', () => {
    const dir = tempDir();
    expect(() => openDatabase(dir, ['CREATE TABLE a (x INTEGER) STRICT;', 'CREATE TABLE b (y INTEGER) STRICT; SELECT nonsense FROM nowhere;'])).toThrow();
    const db = new Database(join(dir, 'mishen.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('a', 'b')").all()).toEqual([]);
    db.close();
  });
});

describe('content-addressed blobs', () => {
  it('stores by SHA-256 and refuses altered content', () => {
    const dir = tempDir();
    const store = new BlobStore(dir);
    const hash = store.put(Buffer.from('原文'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(store.put(Buffer.from('原文'))).toBe(hash);
    expect(store.get(hash).toString()).toBe('原文');
    writeFileSync(join(dir, hash.slice(0, 2), hash), '篡改');
    expect(() => store.get(hash)).toThrow(/改动/);
    expect(() => store.get('../../etc/passwd')).toThrow(/无效/);
  });
});
