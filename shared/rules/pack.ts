import { z } from 'zod';
import { AppError } from '../errors';
import { customRule, listMeta, termEntry } from '../ipc/contract';
import { canonicalJson } from '../log/entry';

/**
 * A rule pack: the office's lists (and optionally its rule set) carried to
 * isolated workstations as one JSON file, signed by an administrator's
 * Ed25519 key. The signature covers the RFC 8785 canonical JSON of every
 * field but `signature`, so `openssl pkeyutl -verify -rawin` checks it; the
 * `format` field inside the signed bytes keeps a pack from being taken for
 * any other signed object (a log entry has no such field).
 */
export const PACK_FORMAT = 'mishen-rule-pack';
export const PACK_FORMAT_VERSION = 1;
export const PACK_EXTENSION = '.mishen-rules';
/** A valid pack nests five deep (pack → lists → list → terms → term); anything much deeper is hostile. */
export const MAX_PACK_DEPTH = 8;
export const MAX_PACK_LISTS = 1000;
export const MAX_PACK_TERMS = 200_000;

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

const packList = z
  .object({
    kind: z.enum(['negative', 'allow']),
    /** The list's version where the pack was made (for the record; the importing workstation numbers its own). */
    version: z.number().int().positive().max(1_000_000),
    meta: listMeta,
    terms: z
      .array(termEntry)
      .max(MAX_PACK_TERMS)
      .refine((terms) => new Set(terms.map((t) => t.term)).size === terms.length, '词条重复'),
  })
  .strict();

const packBody = z
  .object({
    format: z.literal(PACK_FORMAT),
    formatVersion: z.literal(PACK_FORMAT_VERSION),
    createdAt: z.iso.datetime(),
    /** Who signed: a user name, or `installation` in single-operator mode. */
    createdBy: z.string().min(1).max(100),
    signer: z.object({ fingerprint, publicKeyPem: z.string().min(1).max(4000) }).strict(),
    note: z.string().max(500),
    lists: z
      .array(packList)
      .max(MAX_PACK_LISTS)
      .refine((lists) => new Set(lists.map((l) => `${l.kind}\u0000${l.meta.name}`)).size === lists.length, '清单重名'),
    ruleSet: z
      .object({ version: z.number().int().nonnegative().max(1_000_000), customRules: z.array(customRule).max(500), disabledDetectors: z.array(z.string().min(1).max(100)).max(200) })
      .strict()
      .optional(),
  })
  .strict();

const packSchema = packBody.extend({ signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).strict();

export type PackList = z.infer<typeof packList>;
export type UnsignedRulePack = z.infer<typeof packBody>;
export type RulePack = z.infer<typeof packSchema>;

/** The exact text the signature covers: canonical JSON of the pack without its signature. */
export function packSignedText(pack: UnsignedRulePack | RulePack): string {
  const { signature: _, ...body } = pack as RulePack;
  return canonicalJson(body);
}

/** The file: canonical JSON of the signed pack (compact, and the same bytes for the same pack). */
export function packFileText(pack: RulePack): string {
  return canonicalJson(pack);
}

/** Deepest nesting of arrays and objects, counted without parsing (JSON.parse of hostile nesting is refused before it runs). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function notAPack(): AppError {
  return new AppError('unsupported_format', '这不是密审规则包（.mishen-rules）', 'not a Mishen rule pack (.mishen-rules)');
}

/**
 * Reads a pack's text as hostile input: nesting, JSON, format and version,
 * then the strict schema. Says nothing yet about the signature.
 */
export function parsePack(text: string): RulePack {
  if (jsonDepth(text) > MAX_PACK_DEPTH) throw new AppError('bad_input', '规则包结构嵌套过深，不是有效的规则包', 'the rule pack nests too deeply; not a valid pack');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_input', '规则包不是有效的 JSON（文件可能已损坏或不完整）', 'the rule pack is not valid JSON (damaged or incomplete file)');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notAPack();
  const head = value as { format?: unknown; formatVersion?: unknown };
  if (head.format !== PACK_FORMAT) throw notAPack();
  if (head.formatVersion !== PACK_FORMAT_VERSION) {
    const v = typeof head.formatVersion === 'number' || typeof head.formatVersion === 'string' ? String(head.formatVersion) : '未知';
    throw new AppError(
      'unsupported_format',
      `规则包格式版本 ${v} 不受本机支持（本机只能读取版本 ${PACK_FORMAT_VERSION}），请先升级本机的密审`,
      `rule pack format version ${v} is not supported here (this version reads ${PACK_FORMAT_VERSION}); upgrade Mishen first`,
    );
  }
  const parsed = packSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '-';
    throw new AppError('bad_input', `规则包内容不符合格式（${where}：${issue?.message ?? ''}）`, `the rule pack does not match its format (${where})`);
  }
  return parsed.data;
}
