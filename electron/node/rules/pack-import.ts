import { AppError } from '../../../shared/errors';
import { MAX_PACK_BYTES } from '../../../shared/ipc/contract';
import type { RulePackPreview } from '../../../shared/ipc/views';
import { parsePack, type RulePack } from '../../../shared/rules/pack';
import { planPack, type PackPlan } from '../../../shared/rules/pack-plan';
import { sha256Hex } from '../storage/blob-store';
import { packSignatureValid } from './pack-keys';
import { existingList, packActor, type PackDeps } from './pack-stores';
import { excerpt, termProblem } from './list-terms';

/** A pack whose signature verifies under its embedded key (trusted or not). */
export interface OpenedPack {
  pack: RulePack;
  sha256: string;
  trusted: boolean;
}

/**
 * Reads pack bytes as hostile input (size, UTF-8, nesting, strict schema)
 * and checks the signature. A pack that fails is refused outright, whoever
 * claims to have signed it; whether the signer is trusted is reported.
 */
export function openPack(deps: Pick<PackDeps, 'trusted'>, bytes: Uint8Array): OpenedPack {
  if (bytes.byteLength > MAX_PACK_BYTES) throw new AppError('too_large', `规则包超过 ${MAX_PACK_BYTES / 1024 / 1024} MB，拒绝读取`, `the rule pack exceeds ${MAX_PACK_BYTES / 1024 / 1024} MB`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_input', '规则包不是 UTF-8 文本（文件可能已损坏）', 'the rule pack is not UTF-8 text (damaged file?)');
  }
  const pack = parsePack(text);
  const signer = pack.signer.fingerprint;
  if (!packSignatureValid(pack)) {
    throw new AppError(
      'refused',
      `规则包已被改动或签名无效（声称的签名公钥指纹 ${signer}），拒绝使用；请向制作者重新索取`,
      `the rule pack has been altered or its signature is invalid (claimed signer ${signer}); refused`,
    );
  }
  return { pack, sha256: sha256Hex(bytes), trusted: deps.trusted.find(signer) !== null };
}

function untrusted(pack: RulePack): AppError {
  const fp = pack.signer.fingerprint;
  return new AppError(
    'refused',
    `规则包的签名公钥（指纹 ${fp}，制作者 ${pack.createdBy}）未受本机信任，拒绝导入；确认来源后，请系统管理员核对指纹并将该公钥加入受信任公钥`,
    `the pack's signing key (fingerprint ${fp}, made by ${pack.createdBy}) is not trusted here; refused`,
  );
}

function plan(deps: PackDeps, pack: RulePack): PackPlan {
  const lookup = (kind: 'negative' | 'allow', name: string) => {
    const found = deps.lists.byName(kind, name);
    return found ? existingList(found) : null;
  };
  const planned = planPack(pack, lookup, () => deps.rules.detail());
  // The store's own term checks, so that the preview refuses what the import would: a bad term refuses the list.
  for (const l of planned.lists) {
    if (l.action !== 'create' && l.action !== 'update') continue;
    for (const e of l.list.terms) {
      const problem = termProblem(l.list.kind, e.term.trim());
      if (problem === null) continue;
      l.action = 'refused';
      l.reason = `词条“${excerpt(e.term)}”：${problem}`;
      break;
    }
  }
  return planned;
}

function previewOf(opened: OpenedPack, p: PackPlan): RulePackPreview {
  const { pack } = opened;
  return {
    sha256: opened.sha256,
    createdAt: pack.createdAt,
    createdBy: pack.createdBy,
    signer: pack.signer.fingerprint,
    trusted: opened.trusted,
    lists: p.lists.map(({ list, action, reason }) => ({ kind: list.kind, name: list.meta.name, terms: list.terms.length, action, ...(reason ? { reason } : {}) })),
    rules: p.rules,
  };
}

/** What importing would do; an untrusted pack is shown (so its fingerprint can be checked) but cannot be imported. */
export function previewPack(deps: PackDeps, bytes: Uint8Array): RulePackPreview {
  const opened = openPack(deps, bytes);
  return previewOf(opened, plan(deps, opened.pack));
}

/**
 * Applies a trusted pack all or nothing, in one transaction: a new version
 * of every list that changes (a note names the pack), the rule set if the
 * pack carries one, and `rules.pack_import` in the log. A list whose name is
 * taken by a shipped or file list refuses the whole pack: nothing the
 * product or a file provides changes by import, and half a pack is a state
 * nobody signed.
 */
export function importPack(deps: PackDeps, bytes: Uint8Array): RulePackPreview {
  const opened = openPack(deps, bytes);
  const { pack, sha256 } = opened;
  if (!opened.trusted) throw untrusted(pack);
  const actor = packActor(deps);
  const note = `导入规则包 ${sha256.slice(0, 12)}（${pack.createdBy}，公钥指纹 ${pack.signer.fingerprint.slice(0, 16)}）${pack.note ? `：${pack.note}` : ''}`.slice(0, 500);
  return deps.db.transaction(() => {
    const p = plan(deps, pack);
    const refused = p.lists.filter((l) => l.action === 'refused');
    if (refused.length > 0) {
      const zh = refused.map((l) => `“${l.list.meta.name}”（${l.reason ?? '不能导入'}）`).join('、');
      const en = refused.map((l) => `"${l.list.meta.name}"`).join(', ');
      throw new AppError('refused', `规则包中的清单 ${zh} 不能导入；整个规则包未导入`, `lists ${en} cannot be imported (a name taken by a shipped or file list, or a term the lists cannot hold); nothing was imported`);
    }
    const versions = p.lists.map(({ list, existing, action }) => {
      if (action === 'unchanged') return { kind: list.kind, name: list.meta.name, action, version: existing!.version };
      const options = { source: 'pack', extra: { pack: sha256 } };
      const saved = existing ? deps.lists.replace(existing.id, list.meta, list.terms, actor, note, options) : deps.lists.create(list.kind, list.meta, actor, note, { ...options, terms: list.terms });
      return { kind: list.kind, name: list.meta.name, action, version: saved.list.version };
    });
    const rules = pack.ruleSet;
    const ruleSet = rules && {
      version: p.rules.action === 'update' ? deps.rules.replace(rules.customRules, rules.disabledDetectors, actor, note).version : deps.rules.detail().version,
      action: p.rules.action,
    };
    deps.log.append('rules.pack_import', {
      sha256,
      signer: pack.signer.fingerprint,
      createdBy: pack.createdBy,
      createdAt: pack.createdAt,
      lists: versions,
      ruleSet: ruleSet ?? null,
    });
    return previewOf(opened, p);
  })();
}
