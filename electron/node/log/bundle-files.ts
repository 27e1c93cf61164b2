import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { LogBundle } from '../../../shared/log/bundle';
import type { LogEntryBody } from '../../../shared/log/entry';
import { publicKeyFromRaw } from './keys';
import type { ReviewLog } from './review-log';

/** Largest bundle file read (a log of millions of entries is split by document or date). */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

const README = `密审 审查日志包 / Mishen review log bundle

bundle.json   全部内容：各条记录（规范 JSON 正文、SHA-256、Ed25519 签名）、整条哈希链（序号、哈希、前一哈希）、签名的日志头与公钥。
              Everything: the entries (canonical JSON body, SHA-256, Ed25519 signature), the whole hash chain
              (seq, hash, prev), the signed head and the public keys.
keys/         每把公钥一个 PEM 文件（SPKI），文件名是指纹（原始 32 字节公钥的 SHA-256）。
              One PEM (SPKI) file per public key, named by its fingerprint (SHA-256 of the raw 32-byte key).
entries/      每条记录的正文 <序号>.body（签名所覆盖的字节）与签名 <序号>.sig（64 字节）。
              Each entry's body <seq>.body (the signed bytes) and signature <seq>.sig (64 bytes).

用本软件验证 / with this app:
  mishen log verify 本目录

不用本软件，用 openssl 验证一条记录 / without this app, one entry with openssl:
  openssl pkeyutl -verify -pubin -inkey keys/<指纹>.pem -rawin -in entries/<序号>.body -sigfile entries/<序号>.sig
  sha256sum entries/<序号>.body     # 应等于 bundle.json 中该记录的 hash / must equal the entry's hash
记录正文中的 actor.key 是签名公钥的指纹，prev 是前一条记录的哈希。请将指纹与本单位登记的公钥指纹核对。
An entry's actor.key is the fingerprint of its signing key, prev the previous entry's hash. Compare the
fingerprints with the ones your office has on record.
`;

export interface BundleSelection {
  /** Only the entries of this document (SHA-256 of the original) and its reviews. */
  document?: string;
  /** Only entries at or after this ISO date. */
  since?: string;
}

/**
 * Writes a bundle into `dir`, which must not exist or be empty: nothing is
 * ever overwritten. The export itself is logged first, so the bundle
 * carries the record of its own making.
 */
export function writeBundle(log: ReviewLog, dir: string, selection: BundleSelection, reviewsOf: (document: string) => number[], now: () => Date): LogBundle {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new AppError('refused', `输出目录已存在且不为空：${dir}`, `the output folder exists and is not empty: ${dir}`);
  }
  log.append('log.export', { selection, at: now().toISOString() });
  const all = log.entries();
  const reviews = new Set(selection.document ? reviewsOf(selection.document) : []);
  const selected = all.filter((e) => {
    const body = JSON.parse(e.body) as LogEntryBody;
    if (selection.since && body.ts < selection.since) return false;
    if (!selection.document) return true;
    const d = body.data as { document?: unknown; review?: unknown };
    return d.document === selection.document || (typeof d.review === 'number' && reviews.has(d.review));
  });
  const keys = [...log.trustedKeys()].map(([fingerprint, publicKey]) => ({ fingerprint, publicKey, label: fingerprint === log.keyFingerprint ? 'installation' : 'user' }));
  const bundle: LogBundle = {
    format: 'mishen-log-bundle',
    version: 1,
    createdAt: now().toISOString(),
    selection,
    keys,
    head: log.head()!,
    chain: all.map((e) => ({ seq: e.seq, hash: e.hash, prev: (JSON.parse(e.body) as LogEntryBody).prev })),
    entries: selected,
  };
  mkdirSync(join(dir, 'keys'), { recursive: true });
  mkdirSync(join(dir, 'entries'), { recursive: true });
  writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
  writeFileSync(join(dir, 'README.txt'), README);
  for (const k of keys) writeFileSync(join(dir, 'keys', `${k.fingerprint}.pem`), publicKeyFromRaw(k.publicKey).export({ format: 'pem', type: 'spki' }));
  for (const e of selected) {
    writeFileSync(join(dir, 'entries', `${e.seq}.body`), e.body);
    writeFileSync(join(dir, 'entries', `${e.seq}.sig`), Buffer.from(e.sig, 'base64'));
  }
  return bundle;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const bundleSchema = z.object({
  format: z.literal('mishen-log-bundle'),
  version: z.literal(1),
  createdAt: z.string().max(64),
  selection: z.object({ document: hex64.optional(), since: z.string().max(64).optional() }),
  keys: z.array(z.object({ fingerprint: hex64, publicKey: z.string().max(100), label: z.string().max(100) })).max(10_000),
  head: z.object({ count: z.number().int().nonnegative(), hash: hex64, key: hex64, sig: z.string().max(200) }),
  chain: z.array(z.object({ seq: z.number().int().positive(), hash: hex64, prev: hex64 })),
  entries: z.array(z.object({ seq: z.number().int().positive(), body: z.string(), hash: hex64, sig: z.string().max(200) })),
});

/** Reads and validates a bundle folder (or its bundle.json); a bundle is hostile input like any file. */
export function readBundle(path: string): LogBundle {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'bundle.json') : path;
  if (!existsSync(file)) throw new AppError('not_found', `找不到日志包：${path}`, `log bundle not found: ${path}`);
  if (statSync(file).size > MAX_BUNDLE_BYTES) throw new AppError('too_large', '日志包超过 512 MB，请按文档或日期分批导出', 'log bundle exceeds 512 MB');
  try {
    return bundleSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) as LogBundle;
  } catch {
    throw new AppError('bad_input', `日志包格式无效：${path}`, `invalid log bundle: ${path}`);
  }
}
