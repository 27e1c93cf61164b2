import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ListDetail } from '../../../shared/ipc/views';
import { MAX_PACK_BYTES } from '../../../shared/ipc/contract';
import { PACK_EXTENSION, PACK_FORMAT, PACK_FORMAT_VERSION, packFileText, packSignedText, parsePack, type RulePack, type UnsignedRulePack } from '../../../shared/rules/pack';
import { sha256Hex } from '../storage/blob-store';
import type { PendingWrites } from '../storage/pending-writes';
import { writeFileAtomic } from '../storage/write-file';
import { keyOf, packSignatureValid, type PackPublicKey } from './pack-keys';
import { metaOf, packActor, type PackDeps } from './pack-stores';

export interface PackRequest {
  listIds: readonly number[];
  includeRules: boolean;
  note: string;
}

export interface ExportedPack {
  path: string;
  sha256: string;
  /** Fingerprint of the signing key. */
  signer: string;
}

/** The key packs made here are signed with: the signed-in user's, or the installation's in single-operator mode. */
export function signingKey(deps: Pick<PackDeps, 'log' | 'hasAccounts'>): PackPublicKey {
  packActor(deps);
  return keyOf(deps.log.actingKey().publicKeyRaw);
}

/**
 * Shipped lists are on every workstation already and file lists live in
 * their file: neither belongs in a pack (an import would refuse them anyway).
 */
function exportable(detail: ListDetail): ListDetail {
  const { list } = detail;
  if (list.builtin) throw new AppError('refused', `清单“${list.name}”随产品提供，各工作站均已有，不能放入规则包`, `list "${list.name}" ships with the product; it cannot go into a pack`);
  if (list.file !== null) {
    throw new AppError('refused', `清单“${list.name}”来自数据目录中的文件 ${list.file}，不能放入规则包；请复制该文件，或将其导入为本单位的清单`, `list "${list.name}" is read from the file ${list.file}; it cannot go into a pack`);
  }
  return detail;
}

/** A signed pack and the bytes of its file. */
export interface BuiltPack {
  pack: RulePack;
  bytes: Buffer;
}

/** Builds and signs a pack of the chosen lists' current versions (and the office's rule set). */
export function buildPack(deps: PackDeps, request: PackRequest): BuiltPack {
  const createdBy = packActor(deps);
  const details = [...new Set(request.listIds)].map((id) => exportable(deps.lists.detail(id)));
  if (details.length === 0 && !request.includeRules) throw new AppError('invalid_request', '请至少选择一个清单或规则集', 'choose at least one list or the rule set');
  const rules = request.includeRules ? deps.rules.detail() : null;
  const key = signingKey(deps);
  const body: UnsignedRulePack = {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    createdAt: deps.now().toISOString(),
    createdBy,
    signer: key,
    note: request.note.trim(),
    lists: details.map((d) => ({ kind: d.list.kind, version: d.list.version, meta: metaOf(d.list), terms: d.terms })),
    ...(rules ? { ruleSet: { version: rules.version, customRules: rules.customRules, disabledDetectors: rules.disabledDetectors } } : {}),
  };
  const pack: RulePack = { ...body, signature: deps.log.signAsActor(packSignedText(body)) };
  // The key that signed must be the key the pack names (a session whose key is not the recorded one would fail here).
  if (!packSignatureValid(pack)) throw new AppError('internal', '规则包签名自检失败', 'the pack failed its own signature check');
  return { pack, bytes: importable(pack) };
}

/** Refuses a pack no workstation would accept (too large, a list over the term limit …) before anyone carries it away. */
function importable(pack: RulePack): Buffer {
  const text = packFileText(pack);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength > MAX_PACK_BYTES) {
    throw new AppError('too_large', `规则包将超过 ${MAX_PACK_BYTES / 1024 / 1024} MB，请分成几个规则包导出`, `the pack would exceed ${MAX_PACK_BYTES / 1024 / 1024} MB; export it in parts`);
  }
  try {
    parsePack(text);
  } catch (err) {
    const why = err instanceof AppError ? err.messageZh : String(err);
    throw new AppError('refused', `所选内容超出规则包的限制，无法导出：${why}`, 'the chosen lists exceed what a rule pack may hold');
  }
  return bytes;
}

/** `规则包-20261101.mishen-rules` */
export function defaultPackName(now: Date): string {
  return `规则包-${now.toISOString().slice(0, 10).replaceAll('-', '')}${PACK_EXTENSION}`;
}

/** Writes the pack and logs `rules.pack_export` (hash, signer, lists and versions, never terms) before it gets its name (write-file.ts). */
export function writePack(deps: PackDeps, { pack, bytes }: BuiltPack, path: string, journal?: PendingWrites): ExportedPack {
  const sha256 = sha256Hex(bytes);
  const record = () => deps.log.append('rules.pack_export', {
    sha256,
    signer: pack.signer.fingerprint,
    fileName: basename(path),
    lists: pack.lists.map((l) => ({ kind: l.kind, name: l.meta.name, version: l.version, terms: l.terms.length })),
    ruleSet: pack.ruleSet ? { version: pack.ruleSet.version, customRules: pack.ruleSet.customRules.length } : null,
    note: pack.note,
  });
  writeFileAtomic(path, bytes, { journal, beforeRename: record });
  return { path, sha256, signer: pack.signer.fingerprint };
}
