import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { LogAction } from '../../../shared/log/entry';
import type { Db } from '../storage/database';
import { IDENTITY_WRAP, newAccountKey, openPrivateKey, sealPrivateKey, sealedParams, type KeyWrap } from './key-vault';
import {
  DEFAULT_SCRYPT,
  HASH_BYTES,
  SALT_BYTES,
  checkParams,
  checkPasswordPolicy,
  hashPassword,
  isWeaker,
  normalizePassword,
  parsePasswordParams,
  verifyPassword,
  type ScryptParams,
} from './password';
import { ROLES, isRole, type Role } from './roles';

/** Consecutive failed sign-ins that lock an account. */
export const MAX_FAILURES = 5;
/** How long a locked account stays locked. */
export const LOCK_MS = 15 * 60 * 1000;

/** Account events, for the review log once its `LogAction` lists them. */
export type AccountAction = Extract<LogAction, `account.${string}`>;

export interface AccountsDeps {
  db: Db;
  now: () => Date;
  /** Extra layer around each sealed private key (Electron's safeStorage in the app); none by default. */
  wrap?: KeyWrap;
  /**
   * scrypt cost for new password hashes and sealed keys; defaults to
   * N = 2^15, r = 8, p = 1. Tests pass a small N to stay fast; the app must
   * not. Each hash and sealed key keeps its own parameters, and one weaker
   * than these is re-derived at the next successful sign-in.
   */
  params?: Partial<ScryptParams>;
  /**
   * Told of every account event inside the transaction that makes the
   * change (a failed sign-in: in the transaction that counts it). Never
   * given a password, hash or key; only names, roles and key fingerprints.
   */
  audit?: (action: AccountAction, data: Record<string, unknown>) => void;
}

/**
 * A signed-in user. The decrypted private key lives only in the closure of
 * `sign`; it is never returned, stored or serialised. `roles` is the
 * snapshot at sign-in; ask `Accounts.rolesOf` for the current ones.
 */
export interface Session {
  readonly userId: number;
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly keyFingerprint: string;
  /** Ed25519 signature over the bytes, with the user's own key. */
  sign(body: Uint8Array): Uint8Array;
}

/** An account as anyone may see it: no hash, no key material beyond the public fingerprint. */
export interface AccountView {
  id: number;
  name: string;
  displayName: string;
  roles: Role[];
  keyFingerprint: string;
  createdAt: string;
  disabled: boolean;
  /** ISO time until which sign-in is refused, or null. */
  lockedUntil: string | null;
}

export interface NewAccount {
  name: string;
  displayName: string;
  roles: readonly Role[];
  password: string;
}

export interface AccountPublicKey {
  name: string;
  /** SHA-256 (hex) of the raw public key, as log entries name their signer. */
  fingerprint: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
}

export interface UserRow {
  id: number;
  name: string;
  display_name: string;
  roles_json: string;
  password_hash: string;
  password_params: string;
  key_public: string;
  key_fingerprint: string;
  key_sealed: Buffer;
  failed_count: number;
  locked_until: string | null;
  created_at: string;
  disabled: number;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{1,31}$/u;

function normalizeName(name: string): string {
  return name.normalize('NFKC').trim();
}

function checkName(name: string): string {
  const normal = normalizeName(name);
  if (!NAME.test(normal)) {
    throw new AppError(
      'invalid_request',
      '用户名须为 2–32 个汉字、字母或数字，可含 . _ -',
      'the user name must be 2–32 letters (including Chinese), digits, or . _ -',
    );
  }
  return normal;
}

function checkDisplayName(displayName: string): string {
  const normal = displayName.normalize('NFC').trim();
  const length = [...normal].length;
  if (length < 1 || length > 64 || /\p{Cc}/u.test(normal)) {
    throw new AppError('invalid_request', '显示名须为 1–64 个字符', 'the display name must be 1–64 characters');
  }
  return normal;
}

function checkRoles(roles: readonly Role[]): Role[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw new AppError('invalid_request', `角色无效，可选：${ROLES.join('、')}`, `invalid roles; choose from ${ROLES.join(', ')}`);
  }
  return ROLES.filter((r) => roles.includes(r));
}

function rolesOfRow(row: Pick<UserRow, 'roles_json'>): Role[] {
  const parsed = JSON.parse(row.roles_json) as unknown;
  return Array.isArray(parsed) ? ROLES.filter((r) => parsed.includes(r)) : [];
}

function frozenSet<T>(items: Iterable<T>): ReadonlySet<T> {
  const set = new Set(items);
  const refuse = () => {
    throw new TypeError('session roles are read-only');
  };
  Object.defineProperties(set, { add: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
  return Object.freeze(set);
}

/** The one answer to a wrong password and an unknown user alike. */
function badCredentials(): AppError {
  return new AppError('forbidden', '用户名或口令错误', 'wrong user name or password');
}

function locked(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new AppError(
    'refused',
    `连续 ${MAX_FAILURES} 次登录失败，账户已锁定，请 ${minutes} 分钟后再试`,
    `account locked after ${MAX_FAILURES} failed sign-ins; try again in ${minutes} min`,
  );
}

function forbidden(zh: string, en: string): AppError {
  return new AppError('forbidden', zh, en);
}

/**
 * Local accounts of one data folder. No account exists until the first
 * administrator is created; until then the folder is in single-operator
 * mode (`hasAccounts()` is false).
 *
 * Every method is synchronous on purpose: sign-in attempts are strictly one
 * after another, so the failure counter and lock-out are exact (no burst of
 * parallel guesses can slip past the fifth failure). The cost is one or two
 * scrypt derivations (about 100 ms each) on the calling thread per sign-in.
 */
export class Accounts {

  private readonly db: Db;
  private readonly now: () => Date;
  private readonly wrap: KeyWrap;
  private readonly params: ScryptParams;
  private readonly notify: NonNullable<AccountsDeps['audit']>;
  /** Sessions this instance issued and that are still signed in, with how to end each. */
  private readonly live = new Map<Session, { userId: number; end: () => void }>();
  /** A hash to spend the same work on when the user does not exist. */
  private decoy: { hash: string; params: string } | null = null;

  constructor(deps: AccountsDeps) {
    this.db = deps.db;
    this.now = deps.now;
    this.wrap = deps.wrap ?? IDENTITY_WRAP;
    this.params = checkParams({ ...DEFAULT_SCRYPT, ...deps.params });
    this.notify = deps.audit ?? (() => {});
  }

  /** False while the data folder is in single-operator mode. */
  hasAccounts(): boolean {
    return this.count() > 0;
  }

  /**
   * Creates an account with its own Ed25519 key pair. The very first
   * account is created with `actor` null and must be an administrator;
   * every later one needs a signed-in administrator.
   */
  create(actor: Session | null, account: NewAccount): AccountView {
    const roles = checkRoles(account.roles);
    this.authorizeCreate(actor, roles);
    const name = checkName(account.name);
    const displayName = checkDisplayName(account.displayName);
    checkPasswordPolicy(account.password, name, displayName);
    if (this.row(name)) throw new AppError('refused', `用户名“${name}”已被使用`, `the user name "${name}" is taken`);

    const key = newAccountKey();
    const password = hashPassword(account.password, this.params);
    const sealed = sealPrivateKey(key.privateKey, account.password, key.fingerprint, this.params, this.wrap);
    const createdAt = this.now().toISOString();
    const id = this.db.transaction(() => {
      // Again inside the transaction: two first accounts cannot both pass as "the first".
      this.authorizeCreate(actor, roles);
      if (this.row(name)) throw new AppError('refused', `用户名“${name}”已被使用`, `the user name "${name}" is taken`);
      const userId = Number(
        this.db
          .prepare(
            `INSERT INTO users (name, display_name, roles_json, password_hash, password_params, key_public, key_fingerprint, key_sealed, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(name, displayName, JSON.stringify(roles), password.hash, password.params, key.publicKey, key.fingerprint, sealed, createdAt)
          .lastInsertRowid,
      );
      // The key verifies this user's log entries from now on, and after the account is disabled.
      this.db
        .prepare('INSERT OR IGNORE INTO keys (fingerprint, public_key, label, created_at) VALUES (?, ?, ?, ?)')
        .run(key.fingerprint, key.publicKey, `user:${name}`, createdAt);
      this.notify('account.create', { user: name, roles, key: key.fingerprint, by: actor?.name ?? null });
      return userId;
    })();
    return this.view(this.rowById(id)!);
  }

  /**
   * Checks the password and opens the user's private key into a session.
   * An unknown user and a wrong password get the same answer; only a
   * locked account says so.
   */
  signIn(name: string, password: string): Session {
    const row = this.authenticate(name, password);
    const privateKey = openPrivateKey(row.key_sealed, password, row.key_public, row.key_fingerprint, this.wrap);
    const upgrade = this.upgradeIfWeak(row, password, privateKey);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
      if (upgrade) {
        this.db.prepare('UPDATE users SET password_hash = ?, password_params = ?, key_sealed = ? WHERE id = ?').run(upgrade.hash, upgrade.params, upgrade.sealed, row.id);
      }
      this.notify('account.sign_in', { user: row.name, key: row.key_fingerprint });
    })();
    return this.session(row, privateKey);
  }

  /** Ends a session: its key is dropped and it can no longer sign or act. */
  signOut(session: Session): void {
    this.live.get(session)?.end();
  }

  /**
   * Sets a new password and re-encrypts the private key under it (the key
   * pair, and so the fingerprint, stay the same). Needs the old password:
   * without it the private key cannot be opened at all.
   */
  changePassword(name: string, oldPassword: string, newPassword: string): void {
    const row = this.authenticate(name, oldPassword);
    checkPasswordPolicy(newPassword, row.name, row.display_name);
    if (normalizePassword(newPassword) === normalizePassword(oldPassword)) {
      throw new AppError('invalid_request', '新口令不能与原口令相同', 'the new password must differ from the old one');
    }
    const privateKey = openPrivateKey(row.key_sealed, oldPassword, row.key_public, row.key_fingerprint, this.wrap);
    const password = hashPassword(newPassword, this.params);
    const sealed = sealPrivateKey(privateKey, newPassword, row.key_fingerprint, this.params, this.wrap);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE users SET password_hash = ?, password_params = ?, key_sealed = ?, failed_count = 0, locked_until = NULL WHERE id = ?')
        .run(password.hash, password.params, sealed, row.id);
      this.notify('account.password', { user: row.name, key: row.key_fingerprint });
    })();
  }

  /** Replaces an account's roles. No change may leave the folder without an active administrator. */
  setRoles(actor: Session, name: string, roles: readonly Role[]): AccountView {
    const wanted = checkRoles(roles);
    const id = this.db.transaction(() => {
      this.requireAdmin(actor);
      const row = this.target(name);
      if (!wanted.includes('administrator')) this.keepAnAdministrator(row, '不能移除最后一名系统管理员的管理员角色', 'cannot remove the administrator role from the last administrator');
      this.db.prepare('UPDATE users SET roles_json = ? WHERE id = ?').run(JSON.stringify(wanted), row.id);
      this.notify('account.roles', { user: row.name, roles: wanted, before: rolesOfRow(row), by: actor.name });
      return row.id;
    })();
    return this.view(this.rowById(id)!);
  }

  /** Stops an account from signing in; its open sessions end. The account and its public key stay. */
  disable(actor: Session, name: string): AccountView {
    const id = this.db.transaction(() => {
      this.requireAdmin(actor);
      const row = this.target(name);
      if (row.disabled) return row.id;
      this.keepAnAdministrator(row, '不能停用最后一名系统管理员', 'cannot disable the last administrator');
      this.db.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(row.id);
      this.notify('account.disable', { user: row.name, by: actor.name });
      return row.id;
    })();
    for (const [session, s] of this.live) if (s.userId === id) this.signOut(session);
    return this.view(this.rowById(id)!);
  }

  enable(actor: Session, name: string): AccountView {
    const id = this.db.transaction(() => {
      this.requireAdmin(actor);
      const row = this.target(name);
      if (!row.disabled) return row.id;
      this.db.prepare('UPDATE users SET disabled = 0 WHERE id = ?').run(row.id);
      this.notify('account.enable', { user: row.name, by: actor.name });
      return row.id;
    })();
    return this.view(this.rowById(id)!);
  }

  /** Lifts a lock-out before its 15 minutes are up. */
  unlock(actor: Session, name: string): AccountView {
    const id = this.db.transaction(() => {
      this.requireAdmin(actor);
      const row = this.target(name);
      this.db.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
      this.notify('account.unlock', { user: row.name, by: actor.name });
      return row.id;
    })();
    return this.view(this.rowById(id)!);
  }

  list(): AccountView[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map((row) => this.view(row));
  }

  /** Every account's public key, disabled ones included: they verify the log entries each user signed. */
  publicKeys(): AccountPublicKey[] {
    const rows = this.db.prepare('SELECT name, key_fingerprint, key_public FROM users ORDER BY id').all() as Pick<
      UserRow,
      'name' | 'key_fingerprint' | 'key_public'
    >[];
    return rows.map((r) => ({ name: r.name, fingerprint: r.key_fingerprint, publicKey: r.key_public }));
  }

  /**
   * The roles a session holds now: empty once it is signed out, the
   * account is disabled, or the session was not issued here. Derive
   * permissions from this, not from the sign-in snapshot.
   */
  rolesOf(session: Session): ReadonlySet<Role> {
    if (!this.live.has(session)) return frozenSet([]);
    const row = this.rowById(session.userId);
    return frozenSet(row && !row.disabled ? rolesOfRow(row) : []);
  }

  // ---- internals ----

  private count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  private row(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  private rowById(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  private target(name: string): UserRow {
    const row = this.row(normalizeName(name));
    if (!row) throw new AppError('not_found', `找不到用户“${name}”`, `no such user: ${name}`);
    return row;
  }

  private view(row: UserRow): AccountView {
    const now = this.now().getTime();
    const lockedUntil = row.locked_until !== null && Date.parse(row.locked_until) > now ? row.locked_until : null;
    return {
      id: row.id,
      name: row.name,
      displayName: row.display_name,
      roles: rolesOfRow(row),
      keyFingerprint: row.key_fingerprint,
      createdAt: row.created_at,
      disabled: row.disabled === 1,
      lockedUntil,
    };
  }

  private authorizeCreate(actor: Session | null, roles: readonly Role[]): void {
    if (actor === null) {
      if (this.count() > 0) throw forbidden('已有账户，新账户须由系统管理员登录后创建', 'accounts exist; only a signed-in administrator may create more');
      if (!roles.includes('administrator')) {
        throw new AppError('invalid_request', '第一个账户必须具有系统管理员角色', 'the first account must have the administrator role');
      }
      return;
    }
    this.requireAdmin(actor);
  }

  /** The actor must be a live session from this instance whose account is, right now, an active administrator. */
  private requireAdmin(actor: Session): UserRow {
    if (!this.live.has(actor)) throw forbidden('登录已失效，请重新登录', 'the session has ended; sign in again');
    const row = this.rowById(actor.userId);
    if (!row || row.disabled || !rolesOfRow(row).includes('administrator')) {
      throw forbidden('只有系统管理员可以管理账户', 'only an administrator may manage accounts');
    }
    return row;
  }

  /** Refuses when `row` is the only active administrator (the change would remove it). */
  private keepAnAdministrator(row: UserRow, zh: string, en: string): void {
    if (row.disabled || !rolesOfRow(row).includes('administrator')) return;
    const others = (this.db.prepare('SELECT roles_json FROM users WHERE disabled = 0 AND id <> ?').all(row.id) as Pick<UserRow, 'roles_json'>[]).filter(
      (r) => rolesOfRow(r).includes('administrator'),
    );
    if (others.length === 0) throw new AppError('refused', zh, en);
  }

  /**
   * Checks name and password with lock-out: unknown user and wrong password
   * cost the same work and get the same error; the fifth consecutive failure
   * locks the account for 15 minutes. A disabled account is refused only
   * after its correct password.
   */
  private authenticate(name: string, password: string): UserRow {
    const at = this.now().getTime();
    const normal = normalizeName(name);
    const row = NAME.test(normal) ? this.row(normal) : undefined;
    if (!row) {
      this.spendDecoy(password);
      this.notify('account.sign_in_failed', { user: null });
      throw badCredentials();
    }
    const until = row.locked_until === null ? null : Date.parse(row.locked_until);
    if (until !== null && until > at) throw locked(until, at);
    if (!verifyPassword(password, row.password_hash, row.password_params)) {
      // A lock that has run out starts a fresh count.
      const failures = (until === null ? row.failed_count : 0) + 1;
      const lockUntil = failures >= MAX_FAILURES ? at + LOCK_MS : null;
      this.db.transaction(() => {
        this.db
          .prepare('UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?')
          .run(failures, lockUntil === null ? null : new Date(lockUntil).toISOString(), row.id);
        this.notify('account.sign_in_failed', { user: row.name, failures });
        if (lockUntil !== null) this.notify('account.locked', { user: row.name, until: new Date(lockUntil).toISOString() });
      })();
      throw lockUntil === null ? badCredentials() : locked(lockUntil, at);
    }
    if (row.disabled) throw forbidden('该账户已停用，请联系系统管理员', 'this account is disabled; ask an administrator');
    return row;
  }

  /** The same scrypt work as a real check, against a random hash that matches nothing. */
  private spendDecoy(password: string): void {
    this.decoy ??= {
      hash: randomBytes(HASH_BYTES).toString('base64'),
      params: JSON.stringify({ alg: 'scrypt', ...this.params, salt: randomBytes(SALT_BYTES).toString('base64'), len: HASH_BYTES, norm: 'NFKC' }),
    };
    verifyPassword(password, this.decoy.hash, this.decoy.params);
  }

  /** A new hash and sealed key when the stored ones used weaker scrypt parameters than this installation now does. */
  private upgradeIfWeak(row: UserRow, password: string, privateKey: KeyObject): { hash: string; params: string; sealed: Buffer } | null {
    const weak = isWeaker(parsePasswordParams(row.password_params), this.params) || isWeaker(sealedParams(row.key_sealed, this.wrap), this.params);
    if (!weak) return null;
    const hash = hashPassword(password, this.params);
    return { ...hash, sealed: sealPrivateKey(privateKey, password, row.key_fingerprint, this.params, this.wrap) };
  }

  private session(row: UserRow, privateKey: KeyObject): Session {
    let key: KeyObject | null = privateKey;
    const session: Session = Object.freeze({
      userId: row.id,
      name: row.name,
      roles: frozenSet(rolesOfRow(row)),
      keyFingerprint: row.key_fingerprint,
      sign(body: Uint8Array): Uint8Array {
        if (key === null) throw new AppError('refused', '已退出登录，不能再签名', 'signed out; this session can no longer sign');
        return new Uint8Array(sign(null, body, key));
      },
    });
    this.live.set(session, {
      userId: row.id,
      end: () => {
        key = null;
        this.live.delete(session);
      },
    });
    return session;
  }
}

export { ROLES, ROLE_LABELS, permissionsFor, type AccountPermission, type Role } from './roles';
export { DEFAULT_SCRYPT, type ScryptParams } from './password';
export type { KeyWrap } from './key-vault';
