import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredLogEntry } from '../../shared/log/entry';
import { verifyLog } from '../../shared/log/verify';
import { nodeCrypto, publicKeyFromRaw } from '../../electron/node/log/keys';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** A workspace with a real review: import, scan, decisions, submit, export. */
async function populated(): Promise<Workspace> {
  const dir = tempDir();
  let t = Date.parse('2026-11-01T08:00:00Z');
  const ws = openWorkspace(dir, { now: () => new Date((t += 1000)), lists: () => [] });
  const view = await ws.reviews.importFile('notice.docx', noticeDocx());
  const ids = view.findings.map((f) => f.id);
  ws.reviews.decide(view.document.id, ids.slice(0, 2), 'accepted');
  ws.reviews.decide(view.document.id, ids.slice(2), 'rejected', '公职人员办公电话，依法公开');
  ws.reviews.submit(view.document.id, 'partial', '已脱敏');
  await ws.reviews.exportTo(view.document.id, join(dir, 'out.docx'));
  return ws;
}

function verify(ws: Workspace, entries: StoredLogEntry[], withHead = true) {
  return verifyLog(entries, ws.log.trustedKeys(), nodeCrypto, withHead ? ws.log.head() : undefined);
}

describe('review log', () => {
  it('records every action as a signed, chained entry and verifies', async () => {
    const ws = await populated();
    const actions = ws.log.entries().map((e) => JSON.parse(e.body).action);
    expect(actions).toEqual(['log.genesis', 'document.import', 'document.scan', 'review.decide', 'review.decide', 'review.submit', 'document.export']);
    expect(ws.log.verify()).toMatchObject({ ok: true, checked: 7, failure: null });
    ws.close();
  });

  it('holds hashes and locations, never the secret values', async () => {
    const ws = await populated();
    const all = ws.log.entries().map((e) => e.body).join('\n');
    expect(all).not.toContain('11010519491231002X');
    expect(all).not.toContain('13812345678');
    ws.close();
  });

  it('detects a changed byte in any field of any entry', async () => {
    const ws = await populated();
    const entries = ws.log.entries();
    for (let i = 0; i < entries.length; i++) {
      for (const field of ['body', 'hash', 'sig'] as const) {
        const copy = entries.map((e) => ({ ...e }));
        const value = copy[i]![field];
        const at = Math.floor(value.length / 2);
        const flipped = value[at] === 'A' ? 'B' : 'A';
        copy[i]![field] = value.slice(0, at) + flipped + value.slice(at + 1);
        const result = verify(ws, copy);
        expect(result.ok, `${field} of entry ${i + 1}`).toBe(false);
        expect(result.failure!.index).toBe(i);
      }
    }
    ws.close();
  });

  it('detects a deleted, inserted or reordered entry and says where', async () => {
    const ws = await populated();
    const entries = ws.log.entries();
    for (let i = 0; i < entries.length; i++) {
      const deleted = entries.filter((_, j) => j !== i);
      expect(verify(ws, deleted).ok, `delete ${i + 1}`).toBe(false);
    }
    for (let i = 0; i + 1 < entries.length; i++) {
      const swapped = [...entries];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      const result = verify(ws, swapped);
      expect(result.ok).toBe(false);
      expect(result.failure!.index).toBe(i);
    }
    const duplicated = [...entries.slice(0, 3), entries[2]!, ...entries.slice(3)];
    expect(verify(ws, duplicated).failure!.index).toBe(3);
    ws.close();
  });

  it('detects removal of the newest entries against the signed head', async () => {
    const ws = await populated();
    const entries = ws.log.entries();
    const truncated = verify(ws, entries.slice(0, -1));
    expect(truncated.failure).toMatchObject({ reason: 'head_mismatch', seq: null });
    expect(verify(ws, entries.slice(0, -1), false).ok).toBe(true); // without a head, truncation is invisible: why the head exists
    ws.close();
  });

  it('rejects entries signed by a key that is not trusted', async () => {
    const ws = await populated();
    const other = await populated();
    const result = verifyLog(ws.log.entries(), other.log.trustedKeys(), nodeCrypto);
    expect(result.failure).toMatchObject({ index: 0, reason: 'unknown_key' });
    ws.close();
    other.close();
  });

  it('refuses UPDATE and DELETE in SQLite', async () => {
    const ws = await populated();
    expect(() => ws.db.prepare("UPDATE log_entries SET body = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => ws.db.prepare('DELETE FROM log_entries WHERE seq = 7').run()).toThrow(/append-only/);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('survives a restart and continues the same chain', async () => {
    const dir = tempDir();
    const first = openWorkspace(dir, { lists: () => [] });
    await first.reviews.importFile('a.txt', Buffer.from('电话13812345678'));
    first.close();
    const second = openWorkspace(dir, { lists: () => [] });
    await second.reviews.importFile('b.txt', Buffer.from('邮箱 a@b.cn'));
    expect(second.log.verify()).toMatchObject({ ok: true, checked: 5 });
    second.close();
  });

  it('is verifiable with openssl alone (Ed25519 over the canonical body)', async () => {
    const ws = await populated();
    const dir = tempDir();
    const entry = ws.log.entries()[3]!;
    const body = JSON.parse(entry.body) as { actor: { key: string } };
    const raw = ws.log.trustedKeys().get(body.actor.key)!;
    writeFileSync(join(dir, 'pub.pem'), publicKeyFromRaw(raw).export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'entry.json'), entry.body);
    writeFileSync(join(dir, 'entry.sig'), Buffer.from(entry.sig, 'base64'));
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'entry.json'), '-sigfile', join(dir, 'entry.sig')];
    expect(execFileSync('openssl', args).toString()).toMatch(/Signature Verified Successfully/);
    expect(execFileSync('openssl', ['dgst', '-sha256', '-r', join(dir, 'entry.json')]).toString().split(' ')[0]).toBe(entry.hash);
    writeFileSync(join(dir, 'entry.json'), entry.body.replace('review', 'reviex'));
    expect(() => execFileSync('openssl', args, { stdio: 'pipe' })).toThrow();
    ws.close();
  });
});
