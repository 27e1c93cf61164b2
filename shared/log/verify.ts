import { GENESIS_PREV, canonicalJson, headMessage, type LogEntryBody, type LogHead, type StoredLogEntry } from './entry';

/** Crypto primitives passed in, so that verification stays pure and runs anywhere. */
export interface CryptoPort {
  /** SHA-256 (hex) of the UTF-8 encoding of `text`. */
  sha256Hex(text: string): string;
  /** Ed25519 verification; `publicKey` is the raw 32-byte key in base64. */
  verifyEd25519(publicKey: string, text: string, signatureB64: string): boolean;
  /** SHA-256 (hex) of a raw key given in base64: the key's fingerprint. */
  keyFingerprint(publicKey: string): string;
}

export type LogFailureReason =
  | 'malformed'
  | 'not_canonical'
  | 'hash_mismatch'
  | 'sequence'
  | 'chain_broken'
  | 'unknown_key'
  | 'bad_signature'
  | 'head_mismatch'
  | 'bad_head_signature';

export interface LogFailure {
  /** Position in the list given to the verifier (0-based). */
  index: number;
  seq: number | null;
  reason: LogFailureReason;
}

export interface LogVerification {
  ok: boolean;
  /** Entries read. */
  checked: number;
  /** The first failure: where the chain breaks. */
  failure: LogFailure | null;
  headHash: string;
}

/**
 * Verifies a whole log: every body is canonical JSON whose hash is recorded,
 * sequence numbers run 1..n without gaps, every entry names the previous
 * entry's hash, every signature verifies under a known key, and, when a signed
 * head is given, the chain ends exactly where the head says.
 * `keys` maps key fingerprints (SHA-256 hex of the raw key) to base64 raw keys.
 */
export function verifyLog(
  entries: readonly StoredLogEntry[],
  keys: ReadonlyMap<string, string>,
  crypto: CryptoPort,
  head?: LogHead,
): LogVerification {
  let prev = GENESIS_PREV;
  const fail = (index: number, seq: number | null, reason: LogFailureReason): LogVerification => ({
    ok: false,
    checked: entries.length,
    failure: { index, seq, reason },
    headHash: prev,
  });
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    let body: LogEntryBody;
    try {
      body = JSON.parse(e.body) as LogEntryBody;
    } catch {
      return fail(i, e.seq, 'malformed');
    }
    if (typeof body !== 'object' || body === null || typeof body.actor?.key !== 'string') return fail(i, e.seq, 'malformed');
    if (canonicalJson(body) !== e.body) return fail(i, e.seq, 'not_canonical');
    if (crypto.sha256Hex(e.body) !== e.hash) return fail(i, e.seq, 'hash_mismatch');
    if (body.seq !== i + 1 || e.seq !== body.seq) return fail(i, e.seq, 'sequence');
    if (body.prev !== prev) return fail(i, e.seq, 'chain_broken');
    const key = keys.get(body.actor.key);
    if (key === undefined) return fail(i, e.seq, 'unknown_key');
    if (!crypto.verifyEd25519(key, e.body, e.sig)) return fail(i, e.seq, 'bad_signature');
    prev = e.hash;
  }
  if (head) {
    const key = keys.get(head.key);
    if (key === undefined || !crypto.verifyEd25519(key, headMessage(head), head.sig)) {
      return fail(entries.length, null, 'bad_head_signature');
    }
    if (head.count !== entries.length || head.hash !== prev) return fail(entries.length, null, 'head_mismatch');
  }
  return { ok: true, checked: entries.length, failure: null, headHash: prev };
}

export const LOG_FAILURE_MESSAGES: Record<LogFailureReason, { zh: string; en: string }> = {
  malformed: { zh: '记录无法解析', en: 'entry cannot be parsed' },
  not_canonical: { zh: '记录不是规范 JSON（内容被改动）', en: 'entry is not canonical JSON (content changed)' },
  hash_mismatch: { zh: '记录哈希不符（内容被改动）', en: 'entry hash does not match (content changed)' },
  sequence: { zh: '序号不连续（记录被删除、插入或调换）', en: 'sequence gap (entry deleted, inserted or reordered)' },
  chain_broken: { zh: '哈希链断裂（前一条记录被改动、删除或调换）', en: 'hash chain broken (previous entry changed, deleted or reordered)' },
  unknown_key: { zh: '签名密钥不在可信密钥中', en: 'signing key is not trusted' },
  bad_signature: { zh: '签名无效', en: 'signature invalid' },
  head_mismatch: { zh: '日志末尾与已签名的日志头不符（最新记录被删除或追加）', en: 'log end does not match the signed head (newest entries removed or added)' },
  bad_head_signature: { zh: '日志头签名无效', en: 'log head signature invalid' },
};
