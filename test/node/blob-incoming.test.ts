import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

describe('blob store temporary files', () => {
  it('writes through blobs/.incoming, and the next open deletes what a killed import left there, not a write in progress', async () => {
    const dir = join(tempDir(), 'data');
    let ws = openWorkspace(dir, { lists: () => [], allowLists: () => [] });
    const view = await ws.reviews.importFile('通知.txt', Buffer.from('联系人：王芳，电话 13812345678。\n'));
    const incoming = join(dir, 'blobs', '.incoming');
    // Nothing is left behind by a finished import; the original has its name.
    expect(readdirSync(incoming)).toEqual([]);
    expect(existsSync(join(dir, 'blobs', view.document.sha256.slice(0, 2), view.document.sha256))).toBe(true);
    ws.close();

    mkdirSync(incoming, { recursive: true });
    const stale = join(incoming, `${'a'.repeat(64)}.0123456789ab.tmp`);
    const fresh = join(incoming, `${'b'.repeat(64)}.0123456789ab.tmp`);
    writeFileSync(stale, 'half of a file');
    writeFileSync(fresh, 'another process is writing this');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);

    ws = openWorkspace(dir, { lists: () => [], allowLists: () => [] });
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
      expect(ws.reviews.open(view.document.id).text).toContain('王芳');
    } finally {
      ws.close();
    }
  });
});
