import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLog } from '../../shared/log/verify';
import { nodeCrypto, publicKeyFromRaw } from '../../electron/node/log/keys';
import { openWorkspace } from '../../electron/node/workspace';
import { quietWaiter } from './quiet';

/**
 * `npm run bench` (log): how fast the review log verifies. A log of
 * `ENTRIES` entries like a busy year's (decisions with reasons and bases) is
 * verified whole (canonical JSON, SHA-256, chain, Ed25519 per entry, signed
 * head), best of a few runs on a quiet CPU, against `openssl pkeyutl -verify`
 * checking a sample of the same signatures (one process per signature, as an
 * auditor's script would). Reported as entries per second and the ratio.
 */
const ENTRIES = 20_000;
const OPENSSL_SAMPLE = 200;
const quiet = quietWaiter(60_000);

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mishen-bench-log-'));
  try {
    const ws = openWorkspace(join(dir, 'data'), { lists: () => [] });
    const appendStart = performance.now();
    const insert = ws.db.transaction(() => {
      for (let i = 1; i < ENTRIES; i++) {
        ws.log.append('review.decide', { review: 1 + (i % 50), findings: [`id_card:${i}-${i + 18}`], decision: i % 3 ? 'accepted' : 'rejected', reason: '涉及个人隐私，依法不予公开', basis: '《中华人民共和国政府信息公开条例》第十五条' });
      }
    });
    insert();
    const appendMs = performance.now() - appendStart;
    const entries = ws.log.entries();
    const keys = ws.log.trustedKeys();
    const head = ws.log.head();
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      quiet.wait();
      const t0 = performance.now();
      const result = verifyLog(entries, keys, nodeCrypto, head);
      best = Math.min(best, performance.now() - t0);
      if (!result.ok) throw new Error('the benchmark log does not verify');
    }
    const ours = entries.length / (best / 1000);

    const [fingerprint, raw] = [...keys][0]!;
    const pem = join(dir, `${fingerprint}.pem`);
    writeFileSync(pem, publicKeyFromRaw(raw).export({ format: 'pem', type: 'spki' }));
    let opensslRate: number | undefined;
    if (!spawnSync('openssl', ['version']).error) {
      const sample = entries.slice(0, OPENSSL_SAMPLE);
      for (const e of sample) {
        writeFileSync(join(dir, `${e.seq}.body`), e.body);
        writeFileSync(join(dir, `${e.seq}.sig`), Buffer.from(e.sig, 'base64'));
      }
      quiet.wait();
      const t0 = performance.now();
      for (const e of sample) {
        const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', join(dir, `${e.seq}.body`), '-sigfile', join(dir, `${e.seq}.sig`)]);
        if (r.status !== 0) throw new Error(`openssl refused entry ${e.seq}`);
      }
      opensslRate = sample.length / ((performance.now() - t0) / 1000);
    }
    ws.close();
    process.stdout.write(`log: ${entries.length.toLocaleString('en')} entries (appended in ${(appendMs / 1000).toFixed(1)} s); node ${process.version}\n\n`);
    process.stdout.write(`verify whole log (ours: canonical JSON, SHA-256, chain, Ed25519, signed head)  ${ours.toFixed(0).padStart(8)} entries/s\n`);
    if (opensslRate !== undefined) {
      process.stdout.write(`openssl pkeyutl -verify, one process per entry (${OPENSSL_SAMPLE} sampled)          ${opensslRate.toFixed(0).padStart(8)} entries/s\n`);
      process.stdout.write(`ours/openssl: ${(ours / opensslRate).toFixed(1)}x (above 1: we verify faster)\n`);
    } else process.stdout.write('openssl not installed: skipped\n');
    process.stdout.write(`runs that started while the machine was busy: ${quiet.busy}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
