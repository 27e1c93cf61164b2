import canonicalize from 'canonicalize';

/** Hash of "nothing before": the `prev` of the first entry. */
export const GENESIS_PREV = '0'.repeat(64);

export type LogAction =
  | 'log.genesis'
  | 'document.import'
  | 'document.scan'
  | 'document.rescan'
  | 'document.revision'
  | 'review.decide'
  | 'review.attribute'
  | 'review.submit'
  | 'review.override'
  | 'review.manual_add'
  | 'review.manual_remove'
  | 'document.export'
  | 'log.export'
  | 'review.approve'
  | 'review.return'
  | 'settings.change'
  | 'account.create'
  | 'account.roles'
  | 'account.disable'
  | 'account.enable'
  | 'account.unlock'
  | 'account.password'
  | 'account.sign_in'
  | 'account.sign_in_failed'
  | 'account.locked'
  | 'rules.ruleset_change'
  | 'rules.list_create'
  | 'rules.list_change'
  | 'rules.list_export'
  | 'rules.trust_key'
  | 'rules.untrust_key'
  | 'rules.pack_export'
  | 'rules.pack_import'
  | 'data.retention_set'
  | 'data.retention_purge'
  | 'data.backup'
  /** A backup recorded by `data.backup` did not finish; what it wrote was removed. */
  | 'data.backup_failed'
  | 'data.restore';

export interface LogActor {
  /** `installation` in single-operator mode; user accounts come later. */
  kind: 'installation' | 'user';
  name: string;
  /** SHA-256 (hex) of the raw Ed25519 public key that signs this entry. */
  key: string;
}

/** The signed content of one entry. Holds hashes and locations, never the secret values. */
export interface LogEntryBody {
  v: 1;
  seq: number;
  /** ISO 8601 UTC time of the action. */
  ts: string;
  prev: string;
  actor: LogActor;
  action: LogAction;
  data: Record<string, unknown>;
}

/** One entry as stored and exported: the canonical body, its hash and signature. */
export interface StoredLogEntry {
  seq: number;
  /** RFC 8785 canonical JSON of the body; the exact bytes that are hashed and signed. */
  body: string;
  /** SHA-256 (hex) of the UTF-8 body. */
  hash: string;
  /** Ed25519 signature (base64) over the UTF-8 body. */
  sig: string;
}

/** The newest entry's position, signed, so that dropping the newest entries is noticed. */
export interface LogHead {
  count: number;
  hash: string;
  key: string;
  sig: string;
}

export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new TypeError('value cannot be canonicalised');
  return out;
}

/** The bytes a head signature covers. */
export function headMessage(head: Pick<LogHead, 'count' | 'hash' | 'key'>): string {
  return canonicalJson({ count: head.count, hash: head.hash, key: head.key, kind: 'mishen.log.head' });
}
