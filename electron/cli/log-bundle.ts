import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { divergence, verifyBundle } from '../../shared/log/bundle';
import { provenanceOf, type Provenance } from '../../shared/log/provenance';
import { LOG_FAILURE_MESSAGES } from '../../shared/log/verify';
import { readBundle, writeBundle, type BundleSelection } from '../node/log/bundle-files';
import { nodeCrypto } from '../node/log/keys';
import { sha256Hex } from '../node/storage/blob-store';
import { openWorkspace, type Workspace } from '../node/workspace';
import { readInputFile } from './scan';
import { actAs } from './users';

function withWorkspace<T>(dataDir: string, fn: (ws: Workspace) => T): T {
  if (!existsSync(join(dataDir, 'mishen.db'))) {
    throw new AppError('not_found', `数据目录中没有审查日志：${dataDir}`, `no review log in data folder: ${dataDir}`);
  }
  const ws = openWorkspace(dataDir);
  try {
    return fn(ws);
  } finally {
    ws.close();
  }
}

/** `mishen log export`: the whole log, or one document's entries, or those since a date, with the whole chain. */
export function exportLogBundle(dataDir: string, out: string, selection: BundleSelection, user?: string): string {
  return withWorkspace(dataDir, (ws) => {
    actAs(ws, user, 'log.read');
    const reviewsOf = (document: string) =>
      (ws.db.prepare('SELECT id FROM reviews WHERE document = ?').all(document) as { id: number }[]).map((r) => r.id);
    const bundle = writeBundle(ws.log, resolve(out), selection, reviewsOf, () => new Date());
    return `已导出审查日志包：${out}（${bundle.entries.length} 条记录，哈希链共 ${bundle.chain.length} 条） | exported ${bundle.entries.length} entries of a ${bundle.chain.length}-entry chain`;
  });
}

/** `mishen log verify BUNDLE`: on any machine, with the keys the bundle carries (their fingerprints are printed for comparison). */
export function verifyLogBundle(path: string, against?: string): { ok: boolean; line: string } {
  const bundle = readBundle(path);
  const result = verifyBundle(bundle, nodeCrypto);
  if (result.ok && against !== undefined) {
    const older = readBundle(against);
    if (!verifyBundle(older, nodeCrypto).ok) return { ok: false, line: `较早的日志包未通过验证：${against} | the older bundle does not verify` };
    const at = divergence(older, bundle);
    if (at !== null) {
      return { ok: false, line: `日志包与较早导出的日志包不一致：自第 ${at} 条记录起被改写或删除 | the bundle does not continue the older one: rewritten or cut from entry ${at}` };
    }
  }
  const keys = `签名公钥指纹 signing keys: ${result.signers.join(', ')}`;
  if (result.ok) {
    const continued = against !== undefined ? `；且完整延续较早的日志包 | and continues the older bundle` : '';
    return { ok: true, line: `日志包验证通过：${result.checked} 条记录，哈希链 ${result.chainLength} 条完整并与签名日志头一致${continued} | bundle verified: ${result.checked} entries, chain of ${result.chainLength}\n${keys}` };
  }
  const f = result.failure!;
  const msg = f.reason === 'not_in_chain' ? { zh: '记录不在哈希链中', en: 'entry is not in the chain' } : LOG_FAILURE_MESSAGES[f.reason];
  const at = f.seq !== null ? `第 ${f.seq} 条记录` : '日志头';
  return { ok: false, line: `日志包验证失败：${at}：${msg.zh} | bundle verification failed at ${f.seq !== null ? `entry ${f.seq}` : 'the head'}: ${msg.en}` };
}

/** `mishen provenance FILE`: is this file an approved export, of which document, submitted by whom and when? */
export function provenance(file: string, dataDir: string, bundlePath?: string): Provenance {
  const sha = sha256Hex(readInputFile(file));
  if (bundlePath) {
    const bundle = readBundle(bundlePath);
    const check = verifyBundle(bundle, nodeCrypto);
    if (!check.ok) throw new AppError('refused', '日志包未通过验证，不能据此判断来源', 'the bundle does not verify; provenance cannot be told from it');
    return provenanceOf(bundle.entries, sha);
  }
  return withWorkspace(dataDir, (ws) => {
    if (!ws.log.verify().ok) throw new AppError('refused', '本机审查日志未通过验证，不能据此判断来源', 'the local log does not verify; provenance cannot be told from it');
    return provenanceOf(ws.log.entries(), sha);
  });
}

export function formatProvenance(p: Provenance): string {
  if (!p.known) return `未知文件：审查记录中没有 SHA-256 为 ${p.sha256} 的导出稿 | unknown: no recorded export has this SHA-256`;
  const lines = p.exports.map((x) => {
    const submit = p.submissions.filter((s) => s.review === x.review).at(-1);
    const approve = p.approvals.filter((a) => a.review === x.review).at(-1);
    return (
      `审查记录 ${x.review} 于 ${x.ts} 导出（${x.fileName}，操作人 ${x.actor}，密钥 ${x.key.slice(0, 16)}…），原文件 SHA-256 ${x.document}` +
      (submit ? `；${submit.ts} 由 ${submit.actor} 提交，公开属性 ${submit.attribute}` : '') +
      (approve ? `；${approve.ts} 由 ${approve.actor} 批准` : '')
    );
  });
  return [`已知文件：是记录在案的脱敏导出稿 | known: a recorded redacted export`, ...lines].join('\n');
}
