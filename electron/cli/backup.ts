import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { backupDataDir, type BackupProgress } from '../node/storage/backup';
import { restoreBackup } from '../node/storage/restore';
import { openWorkspace } from '../node/workspace';
import { actAs } from './users';

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes < MB ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / MB).toFixed(1)} MB`);

/** Files and bytes on stderr: one redrawn line on a terminal, a line every few seconds otherwise. */
function progressLine(stream: NodeJS.WriteStream, verb: string) {
  const tty = stream.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    update(p: BackupProgress) {
      const t = Date.now();
      if (t - last < (tty ? 100 : 5000) && p.files < p.totalFiles) return;
      last = t;
      const line = `${verb}… ${p.files}/${p.totalFiles} 个文件 · ${size(p.bytes)}/${size(p.totalBytes)}`;
      stream.write(tty ? `\r\u001b[K${line}` : `${line}\n`);
      drawn = tty;
    },
    end() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}

export const BACKUP_WARNING_ZH = '备份含本机签名私钥和全部原始文件，请按原件的保密要求保管。';
export const BACKUP_WARNING_EN = 'The backup holds the installation private key and every stored original: keep it as you keep the originals.';

/** `mishen backup --out DIR`: the data folder, consistent even while the app works on it. */
export async function backupCli(dataDir: string, out: string, user: string | undefined, appVersion: string, stderr: NodeJS.WriteStream): Promise<string> {
  if (!existsSync(join(dataDir, 'mishen.db')) || statSync(join(dataDir, 'mishen.db')).size === 0) {
    throw new AppError('not_found', `数据目录中没有数据库，无可备份：${dataDir}`, `no database in the data folder; nothing to back up: ${dataDir}`);
  }
  const ws = openWorkspace(dataDir);
  const progress = progressLine(stderr, '正在备份');
  try {
    actAs(ws, user, 'data.manage');
    const r = await backupDataDir(ws, out, { appVersion, onProgress: (p) => progress.update(p) });
    progress.end();
    return [
      `已备份数据目录到 ${r.path}：${r.files} 个文件，${size(r.bytes)}；审查日志 ${r.logEntries} 条记录，链尾哈希 ${r.headHash}`,
      `manifest.json SHA-256 ${r.sha256}`,
      BACKUP_WARNING_ZH,
      `backed up to ${r.path}: ${r.files} files, ${r.bytes} bytes, ${r.logEntries} log entries. ${BACKUP_WARNING_EN}`,
    ].join('\n');
  } finally {
    progress.end();
    ws.close();
  }
}

/** `mishen restore DIR [--replace]`: with the app closed. */
export async function restoreCli(backupDir: string, dataDir: string, replace: boolean, stderr: NodeJS.WriteStream): Promise<string> {
  const progress = progressLine(stderr, '正在核验并恢复');
  try {
    const r = await restoreBackup(backupDir, dataDir, { replace, onProgress: (p) => progress.update(p) });
    progress.end();
    return [
      `已从备份（创建于 ${r.backupCreatedAt}）恢复数据目录 ${r.dataDir}：${r.files} 个文件，${size(r.bytes)}，均与清单相符；数据库完整性检查通过；`,
      `审查日志验证通过，共 ${r.logEntries} 条记录（备份中 ${r.backupLogEntries} 条，链尾哈希 ${r.backupHeadHash}）`,
      ...(r.movedAside ? [`原数据目录已改名保留：${r.movedAside}`] : []),
      `restored ${r.files} files into ${r.dataDir}; integrity and log verified (${r.logEntries} entries)${r.movedAside ? `; the old folder is now ${r.movedAside}` : ''}`,
    ].join('\n');
  } finally {
    progress.end();
  }
}
