import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { LOG_FAILURE_MESSAGES } from '../../shared/log/verify';
import { defaultDataDir } from '../node/storage/data-dir';
import { openWorkspace } from '../node/workspace';
import { EXIT, UsageError, errorLine, exitCodeFor } from './errors';
import { HELP } from './help';
import { redactFile } from './redact';
import { formatScanTable, scanFile } from './scan';
import { parseStyles } from './styles';
import { batchCli } from './batch';
import { verifyExport } from './verify-export';
import { exportLogBundle, formatProvenance, provenance, verifyLogBundle } from './log-bundle';
import { addUser, changePassword, listUsers } from './users';
import { exportPackCli, importPackCli, keysCli, trustKeyCli, untrustKeyCli } from './rule-packs';
import { retentionCli } from './retention';
import { backupCli, restoreCli } from './backup';

declare const __MISHEN_VERSION__: string | undefined;

const OPTIONS = {
  list: { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  out: { type: 'string' },
  'accept-all': { type: 'boolean' },
  decisions: { type: 'string' },
  'override-marking': { type: 'string' },
  password: { type: 'string' },
  style: { type: 'string', multiple: true },
  original: { type: 'string' },
  utf8: { type: 'boolean' },
  document: { type: 'string' },
  since: { type: 'string' },
  bundle: { type: 'string' },
  user: { type: 'string' },
  against: { type: 'string' },
  role: { type: 'string', multiple: true },
  'display-name': { type: 'string' },
  'data-dir': { type: 'string' },
  rules: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  label: { type: 'string' },
  note: { type: 'string' },
  jobs: { type: 'string' },
  resume: { type: 'boolean' },
  days: { type: 'string' },
  off: { type: 'boolean' },
  apply: { type: 'boolean' },
  replace: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`参数无效：${(err as Error).message}（见 mishen --help）`, `${(err as Error).message} (see mishen --help)`);
  }
}

function logVerify(dataDir: string, out: (s: string) => void): number {
  if (!existsSync(join(dataDir, 'mishen.db'))) {
    throw new AppError('not_found', `数据目录中没有审查日志：${dataDir}`, `no review log in data folder: ${dataDir}`);
  }
  const ws = openWorkspace(dataDir);
  try {
    const result = ws.log.verify();
    if (result.ok) {
      out(`审查日志验证通过：${result.checked} 条记录，链尾哈希 ${result.headHash} | review log verified: ${result.checked} entries`);
      return EXIT.ok;
    }
    const f = result.failure!;
    const msg = LOG_FAILURE_MESSAGES[f.reason];
    const at = f.seq !== null ? `第 ${f.seq} 条记录（位置 ${f.index + 1}）` : '日志末尾';
    out(`审查日志验证失败：${at}：${msg.zh} | review log verification failed at ${f.seq !== null ? `entry ${f.seq}` : 'the end'}: ${msg.en}`);
    return EXIT.error;
  } finally {
    ws.close();
  }
}

/** Runs one command; returns the exit code. Output goes through the given writers so tests can run it in-process. */
export async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.version) {
      out(typeof __MISHEN_VERSION__ === 'string' ? __MISHEN_VERSION__ : 'dev');
      return EXIT.ok;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      out(HELP);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
    switch (command) {
      case 'scan': {
        if (rest.length !== 1) throw new UsageError('用法：mishen scan FILE [--list TERMS.txt]... [--allow ALLOW.txt]... [--json]', 'usage: mishen scan FILE [--list TERMS.txt]... [--allow ALLOW.txt]... [--json]');
        const report = await scanFile(rest[0]!, values.list ?? [], values.allow ?? [], values.password, dataDir);
        out(values.json ? JSON.stringify(report) : formatScanTable(report));
        return EXIT.ok;
      }
      case 'batch': {
        if (rest.length !== 1) {
          throw new UsageError('用法：mishen batch DIR [--out REPORT] [--jobs N] [--list TERMS.txt]... [--allow ALLOW.txt]... [--resume]', 'usage: mishen batch DIR [--out REPORT] [--jobs N] [--list TERMS.txt]... [--allow ALLOW.txt]... [--resume]');
        }
        const options = { dir: rest[0]!, out: values.out, jobs: values.jobs, lists: values.list ?? [], allowLists: values.allow ?? [], resume: values.resume === true, json: values.json === true, dataDir };
        return await batchCli(options, out, process.stderr);
      }
      case 'redact': {
        if (rest.length !== 1 || !values.out) throw new UsageError('用法：mishen redact FILE --out OUT (--accept-all | --decisions FILE)', 'usage: mishen redact FILE --out OUT (--accept-all | --decisions FILE)');
        const summary = await redactFile({
          file: rest[0]!,
          out: values.out,
          acceptAll: values['accept-all'] === true,
          ...(values.decisions ? { decisionsFile: values.decisions } : {}),
          lists: values.list ?? [],
          allowLists: values.allow ?? [],
          dataDir,
          ...(values['override-marking'] !== undefined ? { overrideMarking: values['override-marking'] } : {}),
          ...(values.password !== undefined ? { password: values.password } : {}),
          ...(values.user !== undefined ? { user: values.user } : {}),
          style: parseStyles(values.style ?? []),
          utf8: values.utf8 === true,
        });
        out(JSON.stringify(summary));
        return EXIT.ok;
      }
      case 'verify-export': {
        if (rest.length !== 1 || !values.original) {
          throw new UsageError('用法：mishen verify-export REDACTED --original ORIGINAL [--data-dir DIR]', 'usage: mishen verify-export REDACTED --original ORIGINAL [--data-dir DIR]');
        }
        const report = await verifyExport(rest[0]!, values.original, dataDir);
        out(values.json ? JSON.stringify(report) : `核验通过：${report.copy} 是审查记录 ${report.review} 于 ${report.recordedExport.exportedAt} 导出的脱敏稿，未发现脱敏内容或隐藏内容（检查了 ${report.checked.length} 个部分） | verified: the approved copy of review ${report.review}`);
        return EXIT.ok;
      }
      case 'log': {
        const usage = new UsageError(
          '用法：mishen log verify [BUNDLE] [--data-dir DIR] | mishen log export --out DIR [--document SHA256] [--since DATE]',
          'usage: mishen log verify [BUNDLE] [--data-dir DIR] | mishen log export --out DIR [--document SHA256] [--since DATE]',
        );
        if (rest[0] === 'verify' && rest.length === 2) {
          const result = verifyLogBundle(rest[1]!, values.against);
          out(result.line);
          return result.ok ? EXIT.ok : EXIT.error;
        }
        if (rest[0] === 'verify' && rest.length === 1) return logVerify(dataDir, out);
        if (rest[0] === 'export' && rest.length === 1 && values.out) {
          if (values.document !== undefined && !/^[0-9a-f]{64}$/.test(values.document)) throw usage;
          if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw usage;
          const selection = { ...(values.document ? { document: values.document } : {}), ...(values.since ? { since: new Date(values.since).toISOString() } : {}) };
          out(exportLogBundle(dataDir, values.out, selection, values.user));
          return EXIT.ok;
        }
        throw usage;
      }
      case 'user': {
        if (rest[0] === 'add' && rest.length === 2) {
          out(addUser(dataDir, rest[1]!, values.role ?? [], values['display-name'], values.user));
          return EXIT.ok;
        }
        if (rest[0] === 'passwd' && rest.length === 2) {
          out(changePassword(dataDir, rest[1]!));
          return EXIT.ok;
        }
        if (rest[0] === 'list' && rest.length === 1) {
          out(listUsers(dataDir));
          return EXIT.ok;
        }
        throw new UsageError('用法：mishen user add NAME --role ROLE... [--display-name NAME] | mishen user passwd NAME | mishen user list', 'usage: mishen user add NAME --role ROLE... [--display-name NAME] | mishen user passwd NAME | mishen user list');
      }
      case 'rules': {
        const [sub, arg, ...extra] = rest;
        const user = values.user;
        if (sub === 'export-pack' && arg && extra.length === 0) {
          out(exportPackCli(dataDir, arg, values.list ?? [], values.rules === true, values.note ?? '', user));
          return EXIT.ok;
        }
        if (sub === 'import-pack' && arg && extra.length === 0) {
          const { preview, text } = importPackCli(dataDir, arg, values['dry-run'] === true, user);
          out(values.json ? JSON.stringify(preview) : text);
          if (preview.trusted) return EXIT.ok;
          err('错误：签名公钥未受本机信任，不能导入 | Error: the signing key is not trusted here; cannot import');
          return EXIT.refused;
        }
        if (sub === 'trust' && arg && extra.length === 0 && values.label) {
          out(trustKeyCli(dataDir, arg, values.label, user));
          return EXIT.ok;
        }
        if (sub === 'untrust' && arg && extra.length === 0) {
          out(untrustKeyCli(dataDir, arg, user));
          return EXIT.ok;
        }
        if (sub === 'keys' && !arg) {
          out(keysCli(dataDir, values.out, user));
          return EXIT.ok;
        }
        throw new UsageError(
          '用法：mishen rules export-pack OUT [--list NAME]... [--rules] [--note TEXT] | import-pack FILE [--dry-run] | trust PEM --label LABEL | untrust FINGERPRINT | keys [--out PEM]',
          'usage: mishen rules export-pack OUT [--list NAME]... [--rules] [--note TEXT] | import-pack FILE [--dry-run] | trust PEM --label LABEL | untrust FINGERPRINT | keys [--out PEM]',
        );
      }
      case 'provenance': {
        if (rest.length !== 1) throw new UsageError('用法：mishen provenance FILE [--bundle DIR] [--data-dir DIR]', 'usage: mishen provenance FILE [--bundle DIR] [--data-dir DIR]');
        const p = provenance(rest[0]!, dataDir, values.bundle);
        out(values.json ? JSON.stringify(p) : formatProvenance(p));
        return p.known ? EXIT.ok : EXIT.refused;
      }
      case 'backup': {
        if (rest.length !== 0 || !values.out) throw new UsageError('用法：mishen backup --out DIR [--user ADMIN] [--data-dir DIR]', 'usage: mishen backup --out DIR [--user ADMIN] [--data-dir DIR]');
        out(await backupCli(dataDir, values.out, values.user, typeof __MISHEN_VERSION__ === 'string' ? __MISHEN_VERSION__ : 'dev', process.stderr));
        return EXIT.ok;
      }
      case 'restore': {
        if (rest.length !== 1) throw new UsageError('用法：mishen restore BACKUP_DIR [--data-dir DIR] [--replace]', 'usage: mishen restore BACKUP_DIR [--data-dir DIR] [--replace]');
        out(await restoreCli(rest[0]!, dataDir, values.replace === true, process.stderr));
        return EXIT.ok;
      }
      case 'retention': {
        if (rest.length !== 0) throw new UsageError('用法：mishen retention [--days N | --off] [--apply] [--dry-run] [--json] [--user ADMIN] [--data-dir DIR]', 'usage: mishen retention [--days N | --off] [--apply] [--dry-run] [--json] [--user ADMIN] [--data-dir DIR]');
        const { days, off, apply, json, user } = values;
        out(retentionCli(dataDir, { ...(days !== undefined ? { days } : {}), off: off === true, apply: apply === true, dryRun: values['dry-run'] === true, json: json === true, ...(user !== undefined ? { user } : {}) }));
        return EXIT.ok;
      }
      default:
        throw new UsageError(`未知命令：${command}（见 mishen --help）`, `unknown command: ${command} (see mishen --help)`);
    }
  } catch (e) {
    err(errorLine(e));
    return exitCodeFor(e);
  }
}
