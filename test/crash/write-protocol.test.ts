import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { PARTIAL_SUFFIX, PendingWrites, partialPathOf } from '../../electron/node/storage/pending-writes';
import { writeFileAtomic } from '../../electron/node/storage/write-file';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { NOTICE_TEXT } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { sha256Hex } from '../../electron/node/storage/blob-store';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const bytes = Buffer.from(`${NOTICE_TEXT}\n`, 'utf8');

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('writeFileAtomic', () => {
  it('records before it renames: the final name appears only after the record, holding the bytes checked', () => {
    const dir = tempDir();
    const journal = new PendingWrites(join(dir, 'pending-writes'));
    const path = join(dir, '名单（脱敏）.txt');
    const seen = writeFileAtomic(path, bytes, {
      journal,
      beforeRename: () => {
        // The record runs while only the hidden temporary file exists, complete, and the journal knows it.
        const [tmp] = readdirSync(dir).filter((n) => n !== 'pending-writes');
        expect(tmp).toMatch(/^\.名单（脱敏）\.txt\.[0-9a-f]{24}\.mishen-partial$/);
        expect(sha256Hex(readFileSync(join(dir, tmp!)))).toBe(sha256Hex(bytes));
        expect(existsSync(path)).toBe(false);
        expect(readdirSync(join(dir, 'pending-writes'))).toHaveLength(1);
        return 'recorded';
      },
    });
    expect(seen).toBe('recorded');
    expect(readFileSync(path)).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(['pending-writes', '名单（脱敏）.txt']);
    expect(readdirSync(join(dir, 'pending-writes'))).toEqual([]);
  });

  it('leaves no file and keeps an earlier one when the record fails', () => {
    const dir = tempDir();
    const journal = new PendingWrites(join(dir, 'pending-writes'));
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'earlier export');
    const refusal = new AppError('refused', '拒绝', 'refused');
    expect(caught(() => writeFileAtomic(path, bytes, { journal, beforeRename: () => { throw refusal; } }))).toBe(refusal);
    expect(readFileSync(path, 'utf8')).toBe('earlier export');
    expect(readdirSync(dir).sort()).toEqual(['out.txt', 'pending-writes']);
    expect(readdirSync(join(dir, 'pending-writes'))).toEqual([]);
  });

  it('says the record stands when the rename fails after it, and cleans up', () => {
    const dir = tempDir();
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true }); // a folder under the chosen name: rename(2) refuses to replace it
    const err = caught(() => writeFileAtomic(path, bytes, { beforeRename: () => undefined }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('internal');
    expect(err.messageZh).toMatch(/已记入日志.*请重新导出/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('fits the temporary name in 255 bytes whatever the final name', () => {
    const dir = tempDir();
    const path = join(dir, `${'很长的文件名'.repeat(13)}.txt`); // 238 bytes
    expect(Buffer.byteLength(basename(partialPathOf(path, 'a'.repeat(24))))).toBeLessThanOrEqual(255);
    writeFileAtomic(path, bytes);
    expect(readFileSync(path)).toEqual(bytes);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe('PendingWrites.recover', () => {
  /** What a process killed mid-write leaves: a journal entry and its temporary file, never renamed. */
  function killedWrite(journal: PendingWrites, final: string): string {
    const { tmp } = journal.begin(final);
    writeFileSync(tmp, bytes.subarray(0, 10));
    return tmp;
  }

  it('removes the temporary files of writes that never ended, and their entries', () => {
    const dir = tempDir();
    const journal = new PendingWrites(join(dir, 'pending-writes'));
    const tmp = killedWrite(journal, join(dir, 'a.pdf'));
    const neverCreated = journal.begin(join(dir, 'b.pdf')).tmp; // killed before the temporary file existed
    writeFileSync(join(dir, 'pending-writes', `${'c'.repeat(24)}.json.tmp`), '{"id":'); // killed while recording
    expect(new PendingWrites(join(dir, 'pending-writes')).recover()).toEqual([tmp]);
    expect(existsSync(neverCreated)).toBe(false);
    expect(readdirSync(dir)).toEqual(['pending-writes']);
    expect(readdirSync(join(dir, 'pending-writes'))).toEqual([]);
  });

  it('deletes nothing an entry names unless it is exactly the temporary name of its write', () => {
    const dir = tempDir();
    const entries = join(dir, 'pending-writes');
    const journal = new PendingWrites(entries);
    mkdirSync(entries);
    const victim = join(dir, '正式发布稿.pdf');
    writeFileSync(victim, 'published');
    const id = 'd'.repeat(24);
    // Tampered entries: a file of the user's, a path of the right shape for another final name, garbage.
    writeFileSync(join(entries, `${id}.json`), JSON.stringify({ id, tmp: victim, final: join(dir, 'x.pdf'), pid: 1 << 30, startedAt: '' }));
    const other = 'e'.repeat(24);
    writeFileSync(join(entries, `${other}.json`), JSON.stringify({ id: other, tmp: victim, final: victim, pid: 1 << 30, startedAt: '' }));
    writeFileSync(join(entries, `${'f'.repeat(24)}.json`), 'not json');
    writeFileSync(join(entries, 'notes.txt'), 'not ours');
    expect(journal.recover()).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('published');
    expect(readdirSync(entries)).toEqual(['notes.txt']);
  });

  it('leaves alone the writes of another process that is still running (the CLI beside the app)', () => {
    const dir = tempDir();
    const entries = join(dir, 'pending-writes');
    const journal = new PendingWrites(entries);
    const write = journal.begin(join(dir, 'a.txt'));
    writeFileSync(write.tmp, bytes);
    const path = join(entries, `${write.id}.json`);
    writeFileSync(path, JSON.stringify({ ...write, pid: process.ppid })); // our parent: alive, not us
    expect(journal.recover()).toEqual([]);
    expect(existsSync(write.tmp)).toBe(true);
    expect(existsSync(path)).toBe(true);
  });
});

describe('export ordering (ReviewService.exportTo)', () => {
  async function submitted(dir: string): Promise<{ ws: Workspace; id: number }> {
    const ws = openWorkspace(join(dir, 'data'), { lists: () => [] });
    const view = await ws.reviews.importFile('公示.txt', bytes);
    ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted', '个人信息');
    ws.reviews.submit(view.document.id, 'partial', '已脱敏');
    return { ws, id: view.document.id };
  }
  const exportEntries = (ws: Workspace) => logBodies(ws, 'document.export').map((b) => b as typeof b & { data: { fileName: string; output: string } });

  it('writes no file when the record cannot be committed (another process holds the database)', async () => {
    const dir = tempDir();
    const { ws, id } = await submitted(dir);
    ws.db.pragma('busy_timeout = 0');
    const other = new Database(join(dir, 'data', 'mishen.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(ws.reviews.exportTo(id, join(dir, 'out.txt'))).rejects.toThrow(/locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(readdirSync(dir)).toEqual(['data']);
    expect(exportEntries(ws)).toEqual([]);
    expect(ws.reviews.open(id).document.status).toBe('submitted');
    expect(readdirSync(join(dir, 'data', 'pending-writes'))).toEqual([]);
    ws.close();
  });

  it('a logged export whose file never got its name is exported again, and both are on record', async () => {
    const dir = tempDir();
    const { ws, id } = await submitted(dir);
    const out = join(dir, 'out.txt');
    mkdirSync(out); // the rename fails after the commit, as a kill between the two would leave it
    await expect(ws.reviews.exportTo(id, out)).rejects.toMatchObject({ code: 'internal', messageZh: expect.stringContaining('请重新导出') });
    expect(exportEntries(ws)).toHaveLength(1);
    expect(ws.reviews.open(id).document.status).toBe('exported');
    expect(readdirSync(dir).sort()).toEqual(['data', 'out.txt']);
    rmdirSync(out);
    const again = await ws.reviews.exportTo(id, out);
    expect(sha256Hex(readFileSync(out))).toBe(again.sha256);
    expect(exportEntries(ws).map((e) => [e.data.fileName, e.data.output])).toEqual([
      ['out.txt', again.sha256],
      ['out.txt', again.sha256],
    ]);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('opening the workspace removes what a killed export left in the clerk\'s folder', async () => {
    const dir = tempDir();
    const { ws } = await submitted(dir);
    const tmp = ws.pendingWrites.begin(join(dir, '名单（脱敏）.txt')).tmp;
    writeFileSync(tmp, bytes.subarray(0, 7));
    expect(basename(tmp).startsWith('.') && tmp.endsWith(PARTIAL_SUFFIX)).toBe(true);
    ws.close();
    openWorkspace(join(dir, 'data'), { lists: () => [] }).close();
    expect(readdirSync(dir)).toEqual(['data']);
    expect(readdirSync(join(dir, 'data', 'pending-writes'))).toEqual([]);
  });
});
