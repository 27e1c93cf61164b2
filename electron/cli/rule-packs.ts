import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { MAX_PACK_BYTES } from '../../shared/ipc/contract';
import type { ListKind, ListSummary, RulePackPreview } from '../../shared/ipc/views';
import { buildPack, signingKey, writePack } from '../node/rules/pack-export';
import { packDeps } from '../node/rules/pack-handlers';
import { importPack, previewPack } from '../node/rules/pack-import';
import type { PackDeps } from '../node/rules/pack-stores';
import { writeFileAtomic } from '../node/storage/write-file';
import { openWorkspace, type Workspace } from '../node/workspace';
import { UsageError } from './errors';
import { actAs } from './users';

/** Runs `fn` over the data folder as `user` (or the installation in single-operator mode) with the rule-pack services. */
function withPacks<T>(dataDir: string, user: string | undefined, fn: (deps: PackDeps, ws: Workspace) => T): T {
  const ws = openWorkspace(dataDir);
  try {
    actAs(ws, user, 'rules.manage');
    return fn(packDeps(ws), ws);
  } finally {
    ws.close();
  }
}

const KINDS: Record<string, ListKind> = { 'negative:': 'negative', 'allow:': 'allow' };

/** `--list NAME` (either kind) or `--list negative:NAME` / `--list allow:NAME`; every exportable list when none is named. */
function chooseLists(lists: ListSummary[], names: readonly string[]): number[] {
  if (names.length === 0) return lists.filter((l) => !l.builtin && l.file === null).map((l) => l.id);
  return names.map((spec) => {
    const prefix = Object.keys(KINDS).find((p) => spec.startsWith(p));
    const name = prefix ? spec.slice(prefix.length) : spec;
    const hits = lists.filter((l) => l.name === name && (!prefix || l.kind === KINDS[prefix]));
    if (hits.length === 0) throw new AppError('not_found', `找不到清单“${name}”`, `no list named ${name}`);
    if (hits.length > 1) throw new UsageError(`负面清单和白名单都有“${name}”，请写 negative:${name} 或 allow:${name}`, `both a negative and an allow list are named ${name}; write negative:${name} or allow:${name}`);
    return hits[0]!.id;
  });
}

/** `mishen rules export-pack OUT [--list NAME]... [--rules] [--note TEXT]` */
export function exportPackCli(dataDir: string, out: string, names: readonly string[], includeRules: boolean, note: string, user?: string): string {
  const path = resolve(out);
  if (existsSync(path)) throw new AppError('refused', `文件已存在，不覆盖：${path}`, `file exists, not overwritten: ${path}`);
  return withPacks(dataDir, user, (deps, ws) => {
    const built = buildPack(deps, { listIds: chooseLists(deps.lists.summaries(), names), includeRules, note });
    const done = writePack(deps, built, path, ws.pendingWrites);
    const { pack } = built;
    const what = pack.lists.map((l) => `${l.meta.name}@v${l.version}`).join('、') + (pack.ruleSet ? `${pack.lists.length ? '、' : ''}规则集@v${pack.ruleSet.version}` : '');
    return `已导出规则包：${path}（${what}）\nSHA-256 ${done.sha256}\n签名公钥指纹 ${done.signer} | exported, signed by ${done.signer}`;
  });
}

const ACTIONS: Record<RulePackPreview['lists'][number]['action'] | RulePackPreview['rules']['action'], string> = {
  create: '新建 create',
  update: '更新 update',
  unchanged: '无变化 unchanged',
  refused: '拒绝（与随产品提供或来自文件的清单重名）refused',
  none: '',
};

export function formatPreview(p: RulePackPreview): string {
  const lines = [
    `规则包 ${p.sha256}`,
    `制作者 ${p.createdBy}，${p.createdAt}，签名公钥指纹 ${p.signer}（${p.trusted ? '受信任 trusted' : '未受信任 NOT trusted'}）`,
    ...p.lists.map((l) => `${l.kind === 'negative' ? '负面清单' : '白名单'}“${l.name}”${l.terms} 条：${ACTIONS[l.action]}`),
  ];
  if (p.rules.action !== 'none') lines.push(`规则集（${p.rules.customRules} 条自定义规则）：${ACTIONS[p.rules.action]}`);
  return lines.join('\n');
}

function readLimited(file: string, limit = MAX_PACK_BYTES): Uint8Array {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError('not_found', `找不到文件：${file}`, `file not found: ${file}`);
  }
  if (size > limit) throw new AppError('too_large', `文件过大（超过 ${limit} 字节），拒绝读取：${file}`, `file too large (over ${limit} bytes): ${file}`);
  return readFileSync(file);
}

/** `mishen rules import-pack FILE [--dry-run]`: a dry run shows the plan and imports nothing. */
export function importPackCli(dataDir: string, file: string, dryRun: boolean, user?: string): { preview: RulePackPreview; text: string } {
  const bytes = readLimited(file);
  return withPacks(dataDir, user, (deps) => {
    const preview = dryRun ? previewPack(deps, bytes) : importPack(deps, bytes);
    return { preview, text: `${formatPreview(preview)}\n${dryRun ? '预览，未导入 | dry run, nothing imported' : '已导入 | imported'}` };
  });
}

/** `mishen rules trust PEM --label LABEL` */
export function trustKeyCli(dataDir: string, pemFile: string, label: string, user?: string): string {
  const pem = readLimited(pemFile, 4000);
  return withPacks(dataDir, user, (deps) => {
    const key = deps.trusted.add(Buffer.from(pem).toString('utf8'), label);
    return `已信任公钥“${key.label}”，指纹 ${key.fingerprint}；请与签名者当面或电话核对该指纹 | trusted ${key.fingerprint}`;
  });
}

/** `mishen rules untrust FINGERPRINT` */
export function untrustKeyCli(dataDir: string, fingerprint: string, user?: string): string {
  return withPacks(dataDir, user, (deps) => {
    deps.trusted.remove(fingerprint);
    return `已撤销信任公钥 ${fingerprint} | no longer trusted`;
  });
}

/** `mishen rules keys [--out PEM]`: the key packs made here are signed with (written to PEM for other workstations to trust), then the trusted keys. */
export function keysCli(dataDir: string, out: string | undefined, user?: string): string {
  return withPacks(dataDir, user, (deps) => {
    const own = signingKey(deps);
    if (out !== undefined) writeFileAtomic(resolve(out), Buffer.from(own.publicKeyPem, 'utf8'));
    const trusted = deps.trusted.list().map((k) => `${k.fingerprint}\t${k.label}\t${k.addedBy}\t${k.addedAt}`);
    return [`本机签名公钥指纹 signing key: ${own.fingerprint}`, own.publicKeyPem.trimEnd(), `受信任公钥 trusted keys: ${trusted.length}`, ...trusted].join('\n');
  });
}
