import { AppError } from '../../../shared/errors';
import type { TrustedKey } from '../../../shared/ipc/views';
import type { ReviewLog } from '../log/review-log';
import type { Db } from '../storage/database';
import { parsePublicKeyPem } from './pack-keys';

interface Row {
  fingerprint: string;
  public_key: string;
  label: string;
  added_by: string;
  added_at: string;
}

const view = (r: Row): TrustedKey => ({ fingerprint: r.fingerprint, label: r.label, publicKeyPem: r.public_key, addedBy: r.added_by, addedAt: r.added_at });

function checkLabel(label: string): string {
  const normal = label.normalize('NFC').trim();
  if ([...normal].length < 1 || [...normal].length > 100 || /\p{Cc}/u.test(normal)) {
    throw new AppError('invalid_request', '公钥标签须为 1–100 个字符', 'the key label must be 1–100 characters');
  }
  return normal;
}

/**
 * The public keys whose rule packs this workstation accepts. Only this table
 * decides: a pack signed by this workstation's own key is refused too until
 * that key is added like any other, so every source of lists and rules is one
 * explicit, logged decision an auditor can find.
 */
export class TrustedKeys {
  constructor(
    private readonly db: Db,
    private readonly log: ReviewLog,
    private readonly now: () => Date,
  ) {}

  list(): TrustedKey[] {
    return (this.db.prepare('SELECT * FROM trusted_pack_keys ORDER BY added_at, fingerprint').all() as Row[]).map(view);
  }

  find(fingerprint: string): TrustedKey | null {
    const row = this.db.prepare('SELECT * FROM trusted_pack_keys WHERE fingerprint = ?').get(fingerprint) as Row | undefined;
    return row ? view(row) : null;
  }

  /** Trusts an Ed25519 SPKI PEM key; its fingerprint is computed here. Logged as `rules.trust_key`. */
  add(publicKeyPem: string, label: string): TrustedKey {
    const key = parsePublicKeyPem(publicKeyPem);
    const name = checkLabel(label);
    return this.db.transaction(() => {
      const known = this.find(key.fingerprint);
      if (known) throw new AppError('refused', `该公钥已受信任（${known.label}，指纹 ${key.fingerprint}）`, `this key is already trusted (${known.label}, fingerprint ${key.fingerprint})`);
      const row: Row = { fingerprint: key.fingerprint, public_key: key.publicKeyPem, label: name, added_by: this.log.actorName ?? 'installation', added_at: this.now().toISOString() };
      this.db.prepare('INSERT INTO trusted_pack_keys (fingerprint, public_key, label, added_by, added_at) VALUES (@fingerprint, @public_key, @label, @added_by, @added_at)').run(row);
      this.log.append('rules.trust_key', { fingerprint: key.fingerprint, label: name });
      return view(row);
    })();
  }

  /** Stops trusting a key. Lists imported from its packs stay as they are. Logged as `rules.untrust_key`. */
  remove(fingerprint: string): void {
    this.db.transaction(() => {
      const known = this.find(fingerprint);
      if (!known) throw new AppError('not_found', `没有指纹为 ${fingerprint} 的受信任公钥`, `no trusted key with fingerprint ${fingerprint}`);
      this.db.prepare('DELETE FROM trusted_pack_keys WHERE fingerprint = ?').run(fingerprint);
      this.log.append('rules.untrust_key', { fingerprint, label: known.label });
    })();
  }
}
