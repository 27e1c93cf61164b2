import {
  GENESIS_PREV,
  canonicalJson,
  headMessage,
  type LogAction,
  type LogActor,
  type LogEntryBody,
  type LogHead,
  type StoredLogEntry,
} from '../../../shared/log/entry';
import { verifyLog, type LogVerification } from '../../../shared/log/verify';
import { sha256Hex } from '../storage/blob-store';
import type { Db } from '../storage/database';

/** A signed-in user as the log sees one: a name, a key fingerprint and a way to sign. */
export interface LogSigner {
  readonly name: string;
  readonly keyFingerprint: string;
  sign(body: Uint8Array): Uint8Array;
}
import { nodeCrypto, signText, type SigningKey } from './keys';

/**
 * The append-only, hash-chained, signed review log in SQLite. Each append is
 * one transaction (entry plus signed head), so a crash never leaves half an
 * entry or a head that disagrees with the entries.
 */
export class ReviewLog {
  constructor(
    private readonly db: Db,
    private readonly key: SigningKey,
    private readonly now: () => Date,
  ) {
    this.db
      .prepare('INSERT OR IGNORE INTO keys (fingerprint, public_key, label, created_at) VALUES (?, ?, ?, ?)')
      .run(key.fingerprint, key.publicKeyRaw, 'installation', now().toISOString());
    if (this.count() === 0) this.append('log.genesis', { key: key.fingerprint, publicKey: key.publicKeyRaw });
  }

  /**
   * Who is acting: the signed-in user (their own key signs the entry) or, in
   * single-operator mode or for the app's own events, the installation.
   * The signed head is always the installation's.
   */
  private signer: LogSigner | null = null;

  /** From now on entries are signed by `signer` (the one signed-in user of this workstation), or by the installation. */
  signAs(signer: LogSigner | null): void {
    this.signer = signer;
  }

  /** Name of the signed-in user entries are signed by, or null for the installation. */
  get actorName(): string | null {
    return this.signer?.name ?? null;
  }

  private actor(): LogActor {
    const s = this.signer;
    return s ? { kind: 'user', name: s.name, key: s.keyFingerprint } : { kind: 'installation', name: 'installation', key: this.key.fingerprint };
  }

  private signBody(body: string): string {
    const s = this.signer;
    return s ? Buffer.from(s.sign(Buffer.from(body, 'utf8'))).toString('base64') : signText(this.key, body);
  }

  /** The current actor (as its entries name it) and its key's raw public key (base64). */
  actingKey(): { actor: LogActor; publicKeyRaw: string } {
    const actor = this.actor();
    const publicKeyRaw = this.trustedKeys().get(actor.key);
    // Every account key is added to `keys` when the account is created; a missing one is a broken folder.
    if (publicKeyRaw === undefined) throw new Error(`no public key recorded for ${actor.key}`);
    return { actor, publicKeyRaw };
  }

  /** Signs `text` (base64 signature) with the current actor's key, exactly as its entries are signed: for other documents, such as rule packs. */
  signAsActor(text: string): string {
    return this.signBody(text);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
  }

  append(action: LogAction, data: Record<string, unknown>): StoredLogEntry {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM log_entries ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      const entry: LogEntryBody = {
        v: 1,
        seq: (last?.seq ?? 0) + 1,
        ts: this.now().toISOString(),
        prev: last?.hash ?? GENESIS_PREV,
        actor: this.actor(),
        action,
        data,
      };
      const body = canonicalJson(entry);
      const stored: StoredLogEntry = { seq: entry.seq, body, hash: sha256Hex(body), sig: this.signBody(body) };
      this.db.prepare('INSERT INTO log_entries (seq, body, hash, sig) VALUES (@seq, @body, @hash, @sig)').run(stored);
      const head = { count: entry.seq, hash: stored.hash, key: this.key.fingerprint };
      this.db
        .prepare('INSERT OR REPLACE INTO log_head (id, count, hash, key, sig) VALUES (1, ?, ?, ?, ?)')
        .run(head.count, head.hash, head.key, signText(this.key, headMessage(head)));
      return stored;
    })();
  }

  entries(): StoredLogEntry[] {
    return this.db.prepare('SELECT seq, body, hash, sig FROM log_entries ORDER BY seq').all() as StoredLogEntry[];
  }

  head(): LogHead | undefined {
    return this.db.prepare('SELECT count, hash, key, sig FROM log_head WHERE id = 1').get() as LogHead | undefined;
  }

  trustedKeys(): Map<string, string> {
    const rows = this.db.prepare('SELECT fingerprint, public_key FROM keys').all() as { fingerprint: string; public_key: string }[];
    return new Map(rows.map((r) => [r.fingerprint, r.public_key]));
  }

  verify(): LogVerification {
    return verifyLog(this.entries(), this.trustedKeys(), nodeCrypto, this.head());
  }

  get keyFingerprint(): string {
    return this.key.fingerprint;
  }
}
