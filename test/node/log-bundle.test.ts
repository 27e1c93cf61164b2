import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle, type LogBundle } from '../../shared/log/bundle';
import { provenanceOf } from '../../shared/log/provenance';
import { readBundle, writeBundle } from '../../electron/node/log/bundle-files';
import { nodeCrypto } from '../../electron/node/log/keys';
import { openWorkspace } from '../../electron/node/workspace';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** A workspace with two documents reviewed and one exported, and a bundle of it. */
async function populated(selection: { document?: string } = {}) {
  const dir = tempDir();
  const ws = openWorkspace(join(dir, 'data'), { lists: () => [] });
  const first = await ws.reviews.importFile('a.docx', noticeDocx());
  ws.reviews.decide(first.document.id, first.findings.map((f) => f.id), 'accepted');
  ws.reviews.submit(first.document.id, 'partial', '已脱敏');
  const out = join(dir, 'a-redacted.docx');
  const exported = await ws.reviews.exportTo(first.document.id, out);
  await ws.reviews.importFile('b.txt', Buffer.from('联系人：王芳，电话：13812345678'));
  const reviewsOf = (d: string) => (ws.db.prepare('SELECT id FROM reviews WHERE document = ?').all(d) as { id: number }[]).map((r) => r.id);
  const bundleDir = join(dir, 'bundle');
  const sel = selection.document === 'first' ? { document: first.document.sha256 } : {};
  writeBundle(ws.log, bundleDir, sel, reviewsOf, () => new Date('2026-11-22T10:00:00Z'));
  const installation = ws.log.keyFingerprint;
  ws.close();
  return { dir, bundleDir, bundle: readBundle(bundleDir), out, exported, installation, firstSha: first.document.sha256 };
}

const clone = (b: LogBundle): LogBundle => JSON.parse(JSON.stringify(b)) as LogBundle;

describe('log bundles', () => {
  it('verify on their own, and each entry verifies with openssl and sha256sum alone', async () => {
    const { bundleDir, bundle, installation } = await populated();
    const result = verifyBundle(bundle, nodeCrypto);
    expect(result).toMatchObject({ ok: true, checked: bundle.chain.length, chainLength: bundle.chain.length });
    expect(result.signers).toEqual([installation]);
    // The export of the bundle is the last entry of its own chain.
    expect(JSON.parse(bundle.entries.at(-1)!.body).action).toBe('log.export');
    for (const e of bundle.entries.slice(0, 3)) {
      const body = join(bundleDir, 'entries', `${e.seq}.body`);
      execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(bundleDir, 'keys', `${installation}.pem`), '-rawin', '-in', body, '-sigfile', join(bundleDir, 'entries', `${e.seq}.sig`)]);
      expect(createHash('sha256').update(readFileSync(body)).digest('hex')).toBe(e.hash);
    }
    expect(readFileSync(join(bundleDir, 'README.txt'), 'utf8')).toContain('openssl pkeyutl -verify');
  });

  it('locate every kind of tampering', async () => {
    const { bundle } = await populated();
    const fail = (b: LogBundle) => verifyBundle(b, nodeCrypto).failure;
    // A changed byte in a body (its hash no longer matches, or the JSON is no longer canonical).
    let b = clone(bundle);
    b.entries[2]!.body = b.entries[2]!.body.replace(/"ts":"2/, '"ts":"3');
    expect(fail(b)).toMatchObject({ seq: 3 });
    // A deleted entry in the chain, an inserted one, two reordered.
    b = clone(bundle);
    b.chain.splice(3, 1);
    expect(fail(b)).toMatchObject({ reason: 'sequence' });
    b = clone(bundle);
    [b.chain[2], b.chain[3]] = [b.chain[3]!, b.chain[2]!];
    expect(fail(b)?.reason).toMatch(/sequence|chain_broken/);
    // The newest entries cut off: the signed head no longer matches.
    b = clone(bundle);
    b.chain.pop();
    b.entries.pop();
    expect(fail(b)).toMatchObject({ reason: 'head_mismatch' });
    // A replaced key: its bytes do not hash to its name.
    b = clone(bundle);
    const other = (await populated()).bundle.keys[0]!;
    b.keys[0]!.publicKey = other.publicKey;
    expect(fail(b)).toMatchObject({ reason: 'unknown_key' });
    // A signature swapped in from another entry.
    b = clone(bundle);
    b.entries[1]!.sig = b.entries[2]!.sig;
    expect(fail(b)).toMatchObject({ seq: b.entries[1]!.seq, reason: 'bad_signature' });
  });

  it('from another installation verifies only with that installation key, which the auditor sees', async () => {
    const a = await populated();
    const b = await populated();
    // An entry of b presented in a's bundle: not in a's chain.
    const mixed = clone(a.bundle);
    mixed.entries[1] = b.bundle.entries[1]!;
    expect(verifyBundle(mixed, nodeCrypto).failure?.reason).toMatch(/hash_mismatch|unknown_key|chain_broken/);
    expect(verifyBundle(b.bundle, nodeCrypto).signers).toEqual([b.installation]);
    expect(b.installation).not.toBe(a.installation);
  });

  it("hold one document's entries with the whole chain, and tell where a published file comes from", async () => {
    const { bundle, out, firstSha } = await populated({ document: 'first' });
    expect(verifyBundle(bundle, nodeCrypto).ok).toBe(true);
    const documents = new Set(bundle.entries.map((e) => JSON.parse(e.body).data.document).filter(Boolean));
    expect(documents).toEqual(new Set([firstSha]));
    expect(bundle.entries.length).toBeLessThan(bundle.chain.length);
    const sha = createHash('sha256').update(readFileSync(out)).digest('hex');
    const p = provenanceOf(bundle.entries, sha);
    expect(p).toMatchObject({ known: true, exports: [{ document: firstSha, fileName: 'a-redacted.docx' }], submissions: [{ attribute: 'partial' }] });
    expect(provenanceOf(bundle.entries, '0'.repeat(64)).known).toBe(false);
  });

  it('refuse a malformed bundle and never write into a folder that has files', async () => {
    const { dir, bundleDir } = await populated();
    expect(() => readBundle(join(dir, 'a-redacted.docx'))).toThrow(/日志包格式无效/);
    const ws = openWorkspace(join(dir, 'data'), { lists: () => [] });
    expect(() => writeBundle(ws.log, bundleDir, {}, () => [], () => new Date())).toThrow(/不为空/);
    ws.close();
  });
});
