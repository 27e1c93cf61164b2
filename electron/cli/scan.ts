import { describeWarning } from '../../shared/document/warning-labels';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { locate, segmentAt, type HiddenPlace, type SourceLocation } from '../../shared/document/model';
import { describeFindingPlace } from '../../shared/document/hidden-labels';
import { AppError } from '../../shared/errors';
import { CATEGORY_LABELS, TYPE_LABELS } from '../../shared/rules/labels';
import { scanDocument } from '../../shared/rules/engine';
import type { Suppression } from '../../shared/rules/allow-list';
import { MAX_IMPORT_BYTES } from '../../shared/ipc/contract';
import { importDocumentAsync } from '../node/importers';
import { readAllowListFile, readTermListFile } from '../node/review/term-lists';
import { sha256Hex } from '../node/storage/blob-store';
import { scanUnderCurrentRules } from '../node/review/current-rules';
import { inProcessScanner } from '../node/scan/scanner';
import { openWorkspace } from '../node/workspace';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';

export interface ScanReport {
  file: string;
  sha256: string;
  format: string;
  findings: {
    id: string;
    category: string;
    type: string;
    rule: string;
    text: string;
    start: number;
    end: number;
    score: number;
    basis: string;
    location: SourceLocation | null;
    /** Where it lives, in words: `批注（张科长）· 批注第1段`, `第3页`. */
    place: string;
    /** Set when the text is not on the page (comment, tracked deletion, property, attachment ...). */
    hidden: HiddenPlace | null;
    explanation: unknown;
  }[];
  warnings: string[];
  suppressed: Suppression[];
  /** The rules scanned under: rule set id (with `+office@vN` when the office changed it) and the lists as `name@version`. */
  engine: { version: string; ruleSet: string; lists: string[] };
}

export function readInputFile(path: string): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AppError('not_found', `找不到文件：${path}`, `file not found: ${path}`);
  }
  if (size > MAX_IMPORT_BYTES) throw new AppError('too_large', `文件超过 200 MB：${path}`, `file exceeds 200 MB: ${path}`);
  return readFileSync(path);
}

/**
 * What a scan uses: the given list files only; otherwise, when the data
 * folder exists, the office's lists, allow-lists and rule set as the app
 * would use them now (so `scan` agrees with a review); otherwise the shipped
 * rules alone. The data folder is never created by a scan.
 */
async function scanWithRules(text: string, listPaths: readonly string[], allowPaths: readonly string[], dataDir: string | undefined) {
  if (listPaths.length > 0 || allowPaths.length > 0 || dataDir === undefined || !existsSync(join(dataDir, 'mishen.db'))) {
    const lists = listPaths.map(readTermListFile);
    const scan = scanDocument(text, { lists, allowLists: allowPaths.map(readAllowListFile) });
    return { scan, ruleSet: `${scan.ruleSet.id}@${scan.ruleSet.version}`, lists: lists.map((l) => `${l.name}@${l.version}`) };
  }
  const ws = openWorkspace(dataDir);
  try {
    const { termLists, ruleSets } = ws;
    const current = await scanUnderCurrentRules(
      { lists: () => termLists.active().lists, allowLists: () => termLists.active().allowLists, ruleSet: DEFAULT_RULE_SET, overlay: () => ruleSets.overlay(), scan: inProcessScanner },
      text,
    );
    return { scan: current.scan, ruleSet: current.ruleSetId, lists: current.listIds };
  } finally {
    ws.close();
  }
}

export async function scanFile(path: string, listPaths: readonly string[], allowPaths: readonly string[] = [], password?: string, dataDir?: string): Promise<ScanReport> {
  const bytes = readInputFile(path);
  const doc = await importDocumentAsync(basename(path), bytes, password !== undefined ? { password } : {});
  const where = (offset: number) => locate(doc, offset) ?? null;
  const { scan, ruleSet, lists } = await scanWithRules(doc.text, listPaths, allowPaths, dataDir);
  const findings = scan.findings;
  return {
    file: path,
    sha256: sha256Hex(bytes),
    format: doc.format,
    findings: findings.map((f) => ({
      id: f.id,
      category: f.category,
      type: f.type,
      rule: f.rule,
      text: f.text,
      start: f.start,
      end: f.end,
      score: f.score,
      basis: f.basis,
      location: where(f.start),
      place: describeFindingPlace(doc, f.start),
      hidden: segmentAt(doc, f.start)?.hidden ?? null,
      explanation: f.explanation,
    })),
    warnings: doc.warnings,
    suppressed: scan.suppressed,
    engine: { version: scan.engineVersion, ruleSet, lists },
  };
}

export function formatScanTable(report: ScanReport): string {
  const lines = [`${report.file}  (${report.format}, sha256 ${report.sha256.slice(0, 16)}…)`, `发现 ${report.findings.length} 项 / ${report.findings.length} findings`];
  for (const f of report.findings) {
    const cat = CATEGORY_LABELS[f.category as keyof typeof CATEGORY_LABELS] ?? f.category;
    const type = TYPE_LABELS[f.type as keyof typeof TYPE_LABELS] ?? f.type;
    lines.push(`  ${f.place.padEnd(16)} ${cat}/${type}  ${f.text}  (${f.score.toFixed(2)})`);
  }
  if (report.suppressed.length > 0) lines.push(`白名单排除 ${report.suppressed.length} 项 / ${report.suppressed.length} suppressed by allow-lists`);
  for (const w of report.warnings.map(describeWarning)) lines.push(`${w.attention ? '注意' : '提示'} ${w.attention ? 'attention' : 'note'}: ${w.zh} / ${w.en}`);
  return lines.join('\n');
}
