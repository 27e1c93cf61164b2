import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Permission } from '../../shared/ipc/contract';
import type { Session } from '../node/accounts/accounts';
import { ROLES, isRole, permissionsFor, type Role } from '../node/accounts/roles';
import type { Workspace } from '../node/workspace';
import { openWorkspace } from '../node/workspace';
import { UsageError } from './errors';

/**
 * The user a command acts as. In single-operator mode (no accounts) there
 * is none and the installation key signs; once accounts exist, commands
 * that change anything need `--user NAME`, with the password in
 * `MISHEN_PASSWORD` (headless: never on the command line, where other
 * users of the machine could read it), and the user's roles must allow it.
 */
export function actAs(ws: Workspace, user: string | undefined, permission: Permission): Session | null {
  if (!ws.accounts.hasAccounts()) return null;
  if (!user) {
    throw new UsageError('本机已启用多人审批：须以 --user 指定用户，口令由环境变量 MISHEN_PASSWORD 提供', 'accounts exist: give --user NAME, with the password in MISHEN_PASSWORD');
  }
  const password = process.env.MISHEN_PASSWORD;
  if (!password) throw new UsageError('请在环境变量 MISHEN_PASSWORD 中提供口令', 'put the password in the MISHEN_PASSWORD environment variable');
  const session = ws.accounts.signIn(user, password);
  if (!permissionsFor(ws.accounts.rolesOf(session)).has(permission)) {
    ws.accounts.signOut(session);
    throw new AppError('forbidden', `用户 ${user} 的角色无权执行此操作`, `user ${user} may not do this`);
  }
  ws.log.signAs(session);
  return session;
}

/** `mishen user add NAME --role ROLE... [--display-name NAME]`: the new password comes from `MISHEN_NEW_PASSWORD`. */
export function addUser(dataDir: string, name: string, roles: readonly string[], displayName: string | undefined, actingUser: string | undefined): string {
  const bad = roles.filter((r) => !isRole(r));
  if (roles.length === 0 || bad.length > 0) {
    throw new UsageError(`--role 取值无效：${bad.join('、') || '（未指定）'}；可选 ${ROLES.join('、')}`, `invalid --role ${bad.join(', ') || '(none)'}; one of ${ROLES.join(', ')}`);
  }
  const password = process.env.MISHEN_NEW_PASSWORD;
  if (!password) throw new UsageError('请在环境变量 MISHEN_NEW_PASSWORD 中提供新用户的口令', "put the new user's password in MISHEN_NEW_PASSWORD");
  const ws = openWorkspace(dataDir);
  try {
    const actor = actAs(ws, actingUser, 'account.manage');
    const created = ws.accounts.create(actor, { name, displayName: displayName ?? name, roles: roles as Role[], password });
    return `已创建用户 ${created.name}（${created.roles.join('、')}），签名公钥指纹 ${created.keyFingerprint} | created user ${created.name}`;
  } finally {
    ws.close();
  }
}

export function listUsers(dataDir: string): string {
  if (!existsSync(join(dataDir, 'mishen.db'))) throw new AppError('not_found', `数据目录中没有记录：${dataDir}`, `no records in data folder: ${dataDir}`);
  const ws = openWorkspace(dataDir);
  try {
    const all = ws.accounts.list();
    if (all.length === 0) return '尚无用户：单人模式 | no accounts: single-operator mode';
    return all.map((a) => `${a.name}\t${a.displayName}\t${a.roles.join(',')}\t${a.keyFingerprint}${a.disabled ? '\t已停用 disabled' : ''}`).join('\n');
  } finally {
    ws.close();
  }
}

/** `mishen user passwd NAME`: the old password from `MISHEN_PASSWORD`, the new one from `MISHEN_NEW_PASSWORD`; the key is re-sealed. */
export function changePassword(dataDir: string, name: string): string {
  const oldPassword = process.env.MISHEN_PASSWORD;
  const newPassword = process.env.MISHEN_NEW_PASSWORD;
  if (!oldPassword || !newPassword) {
    throw new UsageError('请在 MISHEN_PASSWORD 中提供原口令，在 MISHEN_NEW_PASSWORD 中提供新口令', 'put the old password in MISHEN_PASSWORD and the new one in MISHEN_NEW_PASSWORD');
  }
  const ws = openWorkspace(dataDir);
  try {
    ws.accounts.changePassword(name, oldPassword, newPassword);
    return `已修改用户 ${name} 的口令，签名密钥已用新口令重新加密 | password of ${name} changed; its key re-sealed`;
  } finally {
    ws.close();
  }
}
