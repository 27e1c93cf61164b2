import { execFileSync } from 'node:child_process';
import { verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  Accounts,
  DEFAULT_SCRYPT,
  LOCK_MS,
  permissionsFor,
  type AccountAction,
  type AccountsDeps,
  type Session,
  type UserRow,
} from '../../electron/node/accounts/accounts';
import { publicKeyFromRaw, fingerprintOf } from '../../electron/node/log/keys';
import { openDatabase, type Db } from '../../electron/node/storage/database';
import { MIGRATIONS } from '../../electron/node/storage/migrations';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

/** Cheap scrypt for most tests (the default N = 2^15 costs ~100 ms a derivation); one test below uses the default. */
const FAST = { N: 2 ** 10 };
const ADMIN_PW = 'correct horse battery';
const USER_PW = '审查口令-2026-秋季';

interface Setup {
  db: Db;
  dir: string;
  accounts: Accounts;
  clock: { t: number };
  events: { action: AccountAction; data: Record<string, unknown> }[];
}

function setup(deps: Partial<AccountsDeps> = {}): Setup {
  const dir = tempDir();
  const db = openDatabase(dir);
  const clock = { t: Date.parse('2026-11-01T08:00:00Z') };
  const events: Setup['events'] = [];
  const accounts = new Accounts({
    db,
    now: () => new Date(clock.t),
    params: FAST,
    audit: (action, data) => events.push({ action, data }),
    ...deps,
  });
  return { db, dir, accounts, clock, events };
}

/** A folder with an administrator (signed in) and a reviewer. */
function populated(deps: Partial<AccountsDeps> = {}) {
  const s = setup(deps);
  s.accounts.create(null, { name: 'admin', displayName: '王管理', roles: ['administrator'], password: ADMIN_PW });
  const admin = s.accounts.signIn('admin', ADMIN_PW);
  s.accounts.create(admin, { name: 'zhangsan', displayName: '张三', roles: ['reviewer'], password: USER_PW });
  return { ...s, admin };
}

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

function userRow(db: Db, name: string) {
  return db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow;
}

describe('accounts', () => {
  it('has its table from migration 6 (STRICT; accounts never deleted, keys never changed)', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'users'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT/);
    expect(MIGRATIONS[5]).toMatch(/users_no_delete[\s\S]*users_key_fixed/);
    db.close();
  });

  it('starts in single-operator mode; the first account must be an administrator', () => {
    const { accounts, events } = setup();
    expect(accounts.hasAccounts()).toBe(false);
    const first = caught(() => accounts.create(null, { name: 'lisi', displayName: '李四', roles: ['reviewer'], password: USER_PW }));
    expect(first.code).toBe('invalid_request');
    expect(first.messageZh).toMatch(/第一个账户必须具有系统管理员角色/);
    expect(accounts.hasAccounts()).toBe(false);

    const view = accounts.create(null, { name: 'admin', displayName: '王管理', roles: ['administrator', 'approver'], password: ADMIN_PW });
    expect(view).toMatchObject({ name: 'admin', displayName: '王管理', roles: ['approver', 'administrator'], disabled: false, lockedUntil: null });
    expect(view.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(accounts.hasAccounts()).toBe(true);
    expect(events.map((e) => e.action)).toEqual(['account.create']);

    // After the first, nobody creates accounts without signing in as an administrator.
    const again = caught(() => accounts.create(null, { name: 'other', displayName: '另一个', roles: ['administrator'], password: ADMIN_PW }));
    expect(again.code).toBe('forbidden');
  });

  it('lets only a signed-in, current administrator create accounts or change roles', () => {
    const { accounts, admin } = populated();
    const reviewer = accounts.signIn('zhangsan', USER_PW);
    const byReviewer = caught(() => accounts.create(reviewer, { name: 'lisi', displayName: '李四', roles: ['clerk'], password: USER_PW }));
    expect(byReviewer.code).toBe('forbidden');
    expect(caught(() => accounts.setRoles(reviewer, 'zhangsan', ['administrator'])).code).toBe('forbidden');

    // A hand-made "session" claiming the administrator role is not a session.
    const forged: Session = { userId: admin.userId, name: 'admin', roles: new Set(['administrator']), keyFingerprint: admin.keyFingerprint, sign: () => new Uint8Array() };
    expect(caught(() => accounts.create(forged, { name: 'lisi', displayName: '李四', roles: ['clerk'], password: USER_PW })).code).toBe('forbidden');

    // An administrator may; roles are held as a set in a fixed order.
    const lisi = accounts.create(admin, { name: 'lisi', displayName: '李四', roles: ['auditor', 'clerk', 'clerk'], password: USER_PW });
    expect(lisi.roles).toEqual(['clerk', 'auditor']);
    expect(caught(() => accounts.create(admin, { name: 'LiSi', displayName: '李四', roles: ['clerk'], password: USER_PW })).code).toBe('refused');

    // Roles changed by an administrator count at once; the sign-in snapshot does not grant them.
    accounts.setRoles(admin, 'zhangsan', ['reviewer', 'administrator']);
    expect([...accounts.rolesOf(reviewer)]).toEqual(['reviewer', 'administrator']);
    expect([...reviewer.roles]).toEqual(['reviewer']);
    accounts.create(reviewer, { name: 'wangwu', displayName: '王五', roles: ['approver'], password: USER_PW });

    // Signed out, a session is nothing.
    accounts.signOut(admin);
    expect(caught(() => accounts.setRoles(admin, 'wangwu', ['clerk'])).code).toBe('forbidden');
    expect(accounts.rolesOf(admin).size).toBe(0);
    expect(() => admin.sign(Buffer.from('x'))).toThrow(AppError);
    expect(() => (reviewer.roles as Set<string>).add('auditor')).toThrow(TypeError);
  });

  it('enforces the password policy', () => {
    const { accounts, admin } = populated();
    const create = (name: string, password: string) => () => accounts.create(admin, { name, displayName: '测试', roles: ['clerk'], password });
    expect(caught(create('clerk1', '123456789')).messageZh).toMatch(/至少需要 10 个字符/);
    expect(caught(create('clerk1', '123456789')).messageEn).toMatch(/at least 10 characters/);
    expect(caught(create('clerk.long.name', 'Clerk.Long.Name')).messageZh).toMatch(/不能与用户名相同/);
    expect(caught(create('bad name', USER_PW)).code).toBe('invalid_request');
    expect(create('clerk1', '1234567890')().name).toBe('clerk1');
    // Code points, not UTF-16 units: ten Chinese characters are ten.
    expect(create('clerk2', '保密审查公开前审核')).toThrow(/至少需要/);
    expect(create('clerk2', '保密审查公开前审核员')().name).toBe('clerk2');
  });

  it('answers an unknown user exactly as a wrong password', () => {
    const { accounts, db } = populated();
    const session = accounts.signIn('zhangsan', USER_PW);
    expect(session).toMatchObject({ name: 'zhangsan', keyFingerprint: userRow(db, 'zhangsan').key_fingerprint });
    expect([...session.roles]).toEqual(['reviewer']);
    expect(permissionsFor(session.roles)).toEqual(new Set(['app.read', 'document.read', 'document.import', 'review.decide', 'review.submit']));
    // Names are matched as typed in any case and width.
    expect(accounts.signIn('ＺhangSan', USER_PW).userId).toBe(session.userId);

    const wrong = caught(() => accounts.signIn('zhangsan', 'not the password'));
    const unknown = caught(() => accounts.signIn('nobody', USER_PW));
    const malformed = caught(() => accounts.signIn('', USER_PW));
    for (const e of [wrong, unknown, malformed]) {
      expect(e.toData()).toEqual({ code: 'forbidden', message: '用户名或口令错误', messageEn: 'wrong user name or password' });
    }
  });

  it('locks an account after 5 consecutive failures for 15 minutes', () => {
    const { accounts, db, clock, events } = populated();
    // Four failures, then a success: the count starts again.
    for (let i = 0; i < 4; i++) expect(caught(() => accounts.signIn('zhangsan', 'wrong password!')).code).toBe('forbidden');
    expect(userRow(db, 'zhangsan').failed_count).toBe(4);
    accounts.signIn('zhangsan', USER_PW);
    expect(userRow(db, 'zhangsan').failed_count).toBe(0);

    for (let i = 0; i < 4; i++) caught(() => accounts.signIn('zhangsan', 'wrong password!'));
    const fifth = caught(() => accounts.signIn('zhangsan', 'wrong password!'));
    expect(fifth.code).toBe('refused');
    expect(fifth.messageZh).toMatch(/账户已锁定，请 15 分钟后再试/);
    expect(fifth.messageEn).toMatch(/locked/);
    expect(events.map((e) => e.action)).toContain('account.locked');
    expect(accounts.list().find((a) => a.name === 'zhangsan')!.lockedUntil).toBe(new Date(clock.t + LOCK_MS).toISOString());

    // Locked: even the right password is refused, until the 15 minutes are up.
    clock.t += LOCK_MS - 1000;
    const still = caught(() => accounts.signIn('zhangsan', USER_PW));
    expect(still.code).toBe('refused');
    expect(still.messageZh).toMatch(/请 1 分钟后再试/);
    clock.t += 1000;
    expect(accounts.signIn('zhangsan', USER_PW).name).toBe('zhangsan');
    expect(userRow(db, 'zhangsan')).toMatchObject({ failed_count: 0, locked_until: null });

    // After a lock has run out, one more failure is an ordinary failure, not a new lock.
    for (let i = 0; i < 5; i++) caught(() => accounts.signIn('zhangsan', 'wrong password!'));
    clock.t += LOCK_MS;
    expect(caught(() => accounts.signIn('zhangsan', 'wrong password!')).code).toBe('forbidden');
    expect(userRow(db, 'zhangsan').failed_count).toBe(1);
  });

  it('signs with the account key: node:crypto and openssl verify against the stored public key', () => {
    const { accounts, db, dir } = populated();
    const session = accounts.signIn('zhangsan', USER_PW);
    const body = Buffer.from('{"action":"review.decide","seq":7}', 'utf8');
    const sig = session.sign(body);
    expect(sig.byteLength).toBe(64);

    const stored = userRow(db, 'zhangsan');
    expect(Buffer.from(stored.key_public, 'base64').length).toBe(32);
    expect(fingerprintOf(stored.key_public)).toBe(session.keyFingerprint);
    const publicKey = publicKeyFromRaw(stored.key_public);
    expect(verify(null, body, publicKey, sig)).toBe(true);
    expect(verify(null, Buffer.from('{"action":"review.decide","seq":8}'), publicKey, sig)).toBe(false);
    expect(accounts.publicKeys()).toContainEqual({ name: 'zhangsan', fingerprint: session.keyFingerprint, publicKey: stored.key_public });

    const pem = join(dir, 'pub.pem');
    const bodyFile = join(dir, 'body.bin');
    const sigFile = join(dir, 'sig.bin');
    writeFileSync(pem, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(bodyFile, body);
    writeFileSync(sigFile, sig);
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', bodyFile, '-sigfile', sigFile], { encoding: 'utf8' });
    expect(out).toMatch(/Signature Verified Successfully/);
    writeFileSync(bodyFile, Buffer.concat([body, Buffer.from(' ')]));
    expect(() => execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', bodyFile, '-sigfile', sigFile], { stdio: 'pipe' })).toThrow();

    // The key is registered where the review log looks for trusted keys.
    const trusted = db.prepare('SELECT public_key, label FROM keys WHERE fingerprint = ?').get(session.keyFingerprint);
    expect(trusted).toEqual({ public_key: stored.key_public, label: 'user:zhangsan' });
  });

  it('never lets the private key out of the session', () => {
    const { accounts } = populated();
    const session = accounts.signIn('zhangsan', USER_PW);
    expect(Object.keys(session).sort()).toEqual(['keyFingerprint', 'name', 'roles', 'sign', 'userId']);
    expect(Object.isFrozen(session)).toBe(true);
    expect(JSON.stringify(session)).not.toMatch(/PRIVATE|KeyObject/);
  });

  it('changes the password by re-encrypting the same key', () => {
    const { accounts, db, events } = populated();
    const before = userRow(db, 'zhangsan');
    const NEW_PW = 'a brand new passphrase';
    expect(caught(() => accounts.changePassword('zhangsan', 'not the password', NEW_PW)).code).toBe('forbidden');
    expect(userRow(db, 'zhangsan').failed_count).toBe(1);
    expect(caught(() => accounts.changePassword('zhangsan', USER_PW, 'short')).code).toBe('invalid_request');
    expect(caught(() => accounts.changePassword('zhangsan', USER_PW, USER_PW)).messageZh).toMatch(/不能与原口令相同/);

    accounts.changePassword('zhangsan', USER_PW, NEW_PW);
    const after = userRow(db, 'zhangsan');
    expect(after.key_sealed.equals(before.key_sealed)).toBe(false);
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(JSON.parse(after.password_params).salt).not.toBe(JSON.parse(before.password_params).salt);
    expect(after.key_fingerprint).toBe(before.key_fingerprint);
    expect(after.failed_count).toBe(0);
    expect(events.at(-1)).toEqual({ action: 'account.password', data: { user: 'zhangsan', key: before.key_fingerprint } });

    expect(caught(() => accounts.signIn('zhangsan', USER_PW)).code).toBe('forbidden');
    const session = accounts.signIn('zhangsan', NEW_PW);
    expect(session.keyFingerprint).toBe(before.key_fingerprint);
    expect(verify(null, Buffer.from('x'), publicKeyFromRaw(after.key_public), session.sign(Buffer.from('x')))).toBe(true);

    // The old sealed key, put back, does not open under the new password: the old password really is gone.
    db.prepare('UPDATE users SET key_sealed = ? WHERE name = ?').run(before.key_sealed, 'zhangsan');
    expect(caught(() => accounts.signIn('zhangsan', NEW_PW)).messageZh).toMatch(/完整性校验/);
  });

  it('refuses a sealed key that was tampered with or moved from another account', () => {
    const { accounts, db } = populated();
    const original = userRow(db, 'zhangsan').key_sealed;
    const envelope = JSON.parse(original.toString('utf8')) as { ct: string };
    const ct = Buffer.from(envelope.ct, 'base64');
    ct[5]! ^= 0x01;
    const tampered = Buffer.from(JSON.stringify({ ...envelope, ct: ct.toString('base64') }));
    db.prepare('UPDATE users SET key_sealed = ? WHERE name = ?').run(tampered, 'zhangsan');
    const err = caught(() => accounts.signIn('zhangsan', USER_PW));
    expect(err.code).toBe('refused');
    expect(err.messageZh).toMatch(/账户签名密钥未通过完整性校验/);
    expect(err.messageEn).toMatch(/integrity check/);
    // The password was right: this is not counted as a guess.
    expect(userRow(db, 'zhangsan').failed_count).toBe(0);

    // Garbage instead of an envelope.
    db.prepare('UPDATE users SET key_sealed = ? WHERE name = ?').run(Buffer.from([1, 2, 3]), 'zhangsan');
    expect(caught(() => accounts.signIn('zhangsan', USER_PW)).messageZh).toMatch(/完整性校验/);

    // Another account's sealed key and password hash (same password) do not make its key this account's.
    accounts.create(accounts.signIn('admin', ADMIN_PW), { name: 'lisi', displayName: '李四', roles: ['clerk'], password: USER_PW });
    const lisi = userRow(db, 'lisi');
    db.prepare('UPDATE users SET key_sealed = ?, password_hash = ?, password_params = ? WHERE name = ?').run(lisi.key_sealed, lisi.password_hash, lisi.password_params, 'zhangsan');
    expect(caught(() => accounts.signIn('zhangsan', USER_PW)).messageZh).toMatch(/完整性校验/);

    db.prepare('UPDATE users SET key_sealed = ? WHERE name = ?').run(original, 'zhangsan');
    expect(accounts.signIn('zhangsan', USER_PW).name).toBe('zhangsan');
  });

  it('never leaves the folder without an active administrator', () => {
    const { accounts, admin } = populated();
    const last = caught(() => accounts.setRoles(admin, 'admin', ['approver']));
    expect(last.code).toBe('refused');
    expect(last.messageZh).toMatch(/最后一名系统管理员/);
    expect(caught(() => accounts.disable(admin, 'admin')).code).toBe('refused');

    // With a second administrator, the first may step down.
    accounts.setRoles(admin, 'zhangsan', ['reviewer', 'administrator']);
    expect(accounts.setRoles(admin, 'admin', ['approver']).roles).toEqual(['approver']);
    expect(caught(() => accounts.setRoles(admin, 'zhangsan', ['reviewer'])).code).toBe('forbidden');
    const other = accounts.signIn('zhangsan', USER_PW);
    expect(caught(() => accounts.setRoles(other, 'zhangsan', ['reviewer'])).code).toBe('refused');
    expect(caught(() => accounts.setRoles(other, 'zhangsan', [])).code).toBe('invalid_request');
    expect(caught(() => accounts.setRoles(other, 'zhangsan', ['root' as never])).code).toBe('invalid_request');
  });

  it('disables an account: no sign-in, open sessions end, the public key stays', () => {
    const { accounts, admin, db } = populated();
    const session = accounts.signIn('zhangsan', USER_PW);
    const view = accounts.disable(admin, 'zhangsan');
    expect(view.disabled).toBe(true);
    expect(() => session.sign(Buffer.from('x'))).toThrow(/signed out|退出登录/);
    expect(accounts.rolesOf(session).size).toBe(0);
    expect(caught(() => accounts.signIn('zhangsan', USER_PW)).messageZh).toMatch(/已停用/);
    // A wrong password still gets the common answer.
    expect(caught(() => accounts.signIn('zhangsan', 'wrong password!')).messageZh).toBe('用户名或口令错误');
    expect(accounts.publicKeys().map((k) => k.name)).toContain('zhangsan');
    expect(() => db.prepare('DELETE FROM users WHERE name = ?').run('zhangsan')).toThrow(/never deleted/);
    accounts.enable(admin, 'zhangsan');
    expect(accounts.signIn('zhangsan', USER_PW).name).toBe('zhangsan');
  });

  it('lists accounts without any secret', () => {
    const { accounts, db, events } = populated();
    accounts.signIn('zhangsan', USER_PW);
    caught(() => accounts.signIn('zhangsan', 'wrong password!'));
    const list = accounts.list();
    expect(list.map((a) => a.name)).toEqual(['admin', 'zhangsan']);
    const json = JSON.stringify(list);
    expect(json).not.toMatch(/hash|sealed|params|salt|password|key_public|publicKey/i);
    const row = userRow(db, 'zhangsan');
    for (const secret of [row.password_hash, row.key_public, JSON.parse(row.password_params).salt as string]) expect(json).not.toContain(secret);
    expect(json).toContain(row.key_fingerprint);
    expect(Object.keys(list[1]!).sort()).toEqual(['createdAt', 'disabled', 'displayName', 'id', 'keyFingerprint', 'lockedUntil', 'name', 'roles']);
    // Nor do the audit events carry passwords or key material.
    const audit = JSON.stringify(events);
    for (const secret of [ADMIN_PW, USER_PW, 'wrong password!', row.password_hash, row.key_public]) expect(audit).not.toContain(secret);
  });

  it('uses scrypt N=2^15, r=8, p=1 by default and raises weaker stored parameters at sign-in', () => {
    const { db, clock } = setup();
    const strong = new Accounts({ db, now: () => new Date(clock.t) });
    strong.create(null, { name: 'admin', displayName: '王管理', roles: ['administrator'], password: ADMIN_PW });
    const row = userRow(db, 'admin');
    const params = JSON.parse(row.password_params);
    expect(params).toMatchObject({ alg: 'scrypt', N: 2 ** 15, r: 8, p: 1, len: 32 });
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(params.salt, 'base64').length).toBe(16);
    expect(Buffer.from(row.password_hash, 'base64').length).toBe(32);
    const envelope = JSON.parse(row.key_sealed.toString('utf8'));
    expect(envelope).toMatchObject({ v: 1, kdf: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(envelope.salt, 'base64').length).toBe(16);
    expect(envelope.salt).not.toBe(params.salt);

    // An account made with weak parameters is re-derived at its next sign-in, same key.
    const weak = new Accounts({ db, now: () => new Date(clock.t), params: FAST });
    const admin = weak.signIn('admin', ADMIN_PW);
    weak.create(admin, { name: 'zhangsan', displayName: '张三', roles: ['reviewer'], password: USER_PW });
    expect(JSON.parse(userRow(db, 'zhangsan').password_params).N).toBe(2 ** 10);
    const fingerprint = userRow(db, 'zhangsan').key_fingerprint;
    strong.signIn('zhangsan', USER_PW);
    const raised = userRow(db, 'zhangsan');
    expect(JSON.parse(raised.password_params).N).toBe(2 ** 15);
    expect(JSON.parse(raised.key_sealed.toString('utf8')).N).toBe(2 ** 15);
    expect(raised.key_fingerprint).toBe(fingerprint);
    expect(weak.signIn('zhangsan', USER_PW).keyFingerprint).toBe(fingerprint);
  });

  it('applies the extra wrapping hook around the sealed key', () => {
    const xor = (b: Uint8Array) => Uint8Array.from(b, (x) => x ^ 0x5a);
    const { accounts, db, clock } = populated({ wrap: { seal: xor, open: xor } });
    const sealed = userRow(db, 'zhangsan').key_sealed;
    expect(() => JSON.parse(sealed.toString('utf8'))).toThrow();
    expect(accounts.signIn('zhangsan', USER_PW).name).toBe('zhangsan');
    // Where the wrap is not available (the headless CLI), the key is out of reach, and the message says why.
    const unwrapped = new Accounts({ db, now: () => new Date(clock.t), params: FAST });
    expect(caught(() => unwrapped.signIn('zhangsan', USER_PW)).messageZh).toMatch(/只能在本机应用中使用/);
    // A wrap that fails to open (another machine's key store, a changed byte) is damage.
    const other = new Accounts({ db, now: () => new Date(clock.t), params: FAST, wrap: { seal: xor, open: () => { throw new Error('no'); } } });
    expect(caught(() => other.signIn('zhangsan', USER_PW)).messageZh).toMatch(/完整性校验/);
  });

  it('opens keys sealed without the wrap where the wrap is available (accounts made on the command line)', () => {
    const { db, clock } = populated();
    const xor = (b: Uint8Array) => Uint8Array.from(b, (x) => x ^ 0x5a);
    const app = new Accounts({ db, now: () => new Date(clock.t), params: FAST, wrap: { seal: xor, open: xor } });
    expect(app.signIn('zhangsan', USER_PW).name).toBe('zhangsan');
  });

  it('maps roles to the app permissions; marking overrides sit with the approver', () => {
    expect(permissionsFor(['approver'])).toEqual(new Set(['app.read', 'document.read', 'review.approve', 'review.override']));
    expect(permissionsFor(['administrator'])).toEqual(new Set(['app.read', 'account.manage', 'rules.manage', 'data.manage']));
    expect(permissionsFor(['clerk', 'auditor'])).toEqual(new Set(['app.read', 'document.read', 'document.export', 'log.read']));
    expect(permissionsFor([]).size).toBe(0);
  });
});
