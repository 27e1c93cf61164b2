import { GENESIS_PREV, canonicalJson, headMessage, type LogEntryBody, type LogHead, type StoredLogEntry } from './entry';
import type { CryptoPort, LogFailureReason } from './verify';

/**
 * A log bundle: what an auditor takes to another machine. `chain` lists
 * every entry of the log as `{seq, hash, prev}` (no content), so that the
 * order and completeness of the whole log can be checked against the signed
 * head; `entries` are the selected entries in full (all of them, or those of
 * one document or after a date), each of which must sit in the chain at its
 * place with the hash of its own body.
 */
export interface LogBundle {
  format: 'mishen-log-bundle';
  version: 1;
  createdAt: string;
  selection: { document?: string; since?: string };
  keys: { fingerprint: string; publicKey: string; label: string }[];
  head: LogHead;
  chain: { seq: number; hash: string; prev: string }[];
  entries: StoredLogEntry[];
}

export interface BundleVerification {
  ok: boolean;
  /** Entries verified in full. */
  checked: number;
  /** Length of the chain the head signs. */
  chainLength: number;
  failure: { seq: number | null; reason: LogFailureReason | 'not_in_chain' } | null;
  /** Fingerprints of the keys that signed, for the auditor to compare with the ones on record. */
  signers: string[];
}

/** Verifies a bundle with the keys it carries; the caller shows `signers` so a human can check them against known fingerprints. */
export function verifyBundle(bundle: LogBundle, crypto: CryptoPort): BundleVerification {
  const keys = new Map(bundle.keys.map((k) => [k.fingerprint, k.publicKey]));
  const signers = new Set<string>();
  const result = (failure: BundleVerification['failure'], checked: number): BundleVerification => ({
    ok: failure === null,
    checked,
    chainLength: bundle.chain.length,
    failure,
    signers: [...signers],
  });
  // Keys are named by the hash of their bytes: a key that does not hash to its name is not that key.
  for (const [fingerprint, key] of keys) {
    if (crypto.keyFingerprint(key) !== fingerprint) return result({ seq: null, reason: 'unknown_key' }, 0);
  }
  // The chain: 1..n without gaps, each link naming the previous hash, ending at the signed head.
  let prev = GENESIS_PREV;
  for (const [i, link] of bundle.chain.entries()) {
    if (link.seq !== i + 1) return result({ seq: link.seq, reason: 'sequence' }, 0);
    if (link.prev !== prev) return result({ seq: link.seq, reason: 'chain_broken' }, 0);
    prev = link.hash;
  }
  const headKey = keys.get(bundle.head.key);
  if (headKey === undefined || !crypto.verifyEd25519(headKey, headMessage(bundle.head), bundle.head.sig)) {
    return result({ seq: null, reason: 'bad_head_signature' }, 0);
  }
  signers.add(bundle.head.key);
  if (bundle.head.count !== bundle.chain.length || bundle.head.hash !== prev) return result({ seq: null, reason: 'head_mismatch' }, 0);
  // Each full entry: canonical, hashed as its chain link says, linked to the link before, signed by a key in the bundle.
  let checked = 0;
  for (const e of bundle.entries) {
    let body: LogEntryBody;
    try {
      body = JSON.parse(e.body) as LogEntryBody;
    } catch {
      return result({ seq: e.seq, reason: 'malformed' }, checked);
    }
    if (canonicalJson(body) !== e.body) return result({ seq: e.seq, reason: 'not_canonical' }, checked);
    const link = bundle.chain[e.seq - 1];
    if (!link || body.seq !== e.seq) return result({ seq: e.seq, reason: 'not_in_chain' }, checked);
    if (crypto.sha256Hex(e.body) !== e.hash || e.hash !== link.hash) return result({ seq: e.seq, reason: 'hash_mismatch' }, checked);
    if (body.prev !== link.prev) return result({ seq: e.seq, reason: 'chain_broken' }, checked);
    const key = keys.get(body.actor.key);
    if (key === undefined) return result({ seq: e.seq, reason: 'unknown_key' }, checked);
    if (!crypto.verifyEd25519(key, e.body, e.sig)) return result({ seq: e.seq, reason: 'bad_signature' }, checked);
    signers.add(body.actor.key);
    checked++;
  }
  return result(null, checked);
}

/**
 * Whether `newer` continues the log `older` saw: every link of the older
 * chain is in the newer one, at its place, with the same hash (a
 * consistency check of two exports, as Certificate Transparency checks two
 * tree heads). An installation that rewrote or cut its log after the older
 * export fails it, even with every signature valid. Returns the first
 * sequence number where they part, or null.
 */
export function divergence(older: LogBundle, newer: LogBundle): number | null {
  if (newer.chain.length < older.chain.length) return newer.chain.length + 1;
  for (let i = 0; i < older.chain.length; i++) if (older.chain[i]!.hash !== newer.chain[i]!.hash) return i + 1;
  return null;
}
