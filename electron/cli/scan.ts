import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { locate, type SourceLocation } from '../../shared/document/model';
import { AppError } from '../../shared/errors';
import { CATEGORY_LABELS, TYPE_LABELS } from '../../shared/rules/labels';
import { scanDocument } from '../../shared/rules/engine';
import type { Suppression } from '../../shared/rules/allow-list';
import { MAX_IMPORT_BYTES } from '../../shared/ipc/contract';
import { importDocument } from '../node/importers';
import { importPdf } from '../node/importers/pdf';
import { readAllowListFile, readTermListFile } from '../node/review/term-lists';
import { sha256Hex } from '../node/storage/blob-store';

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
    explanation: unknown;
  }[];
  warnings: string[];
  suppressed: Suppression[];
  engine: { version: string; ruleSet: string };
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

function isPdf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;
}

export async function scanFile(path: string, listPaths: readonly string[], allowPaths: readonly string[] = [], password?: string): Promise<ScanReport> {
  const bytes = readInputFile(path);
  // PDFs are read asynchronously (pdf.js in a worker); the review workspace does not take them yet.
  const pdf = isPdf(bytes) ? await importPdf(bytes, password !== undefined ? { password } : {}) : null;
  const doc = pdf ?? importDocument(basename(path), bytes);
  const located = doc as Parameters<typeof locate>[0];
  const where = (offset: number) => locate(located, offset) ?? null;
  const scan = scanDocument(doc.text, { lists: listPaths.map(readTermListFile), allowLists: allowPaths.map(readAllowListFile) });
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
      explanation: f.explanation,
    })),
    warnings: doc.warnings,
    suppressed: scan.suppressed,
    engine: { version: scan.engineVersion, ruleSet: `${scan.ruleSet.id}@${scan.ruleSet.version}` },
  };
}

function describeWhere(loc: ScanReport['findings'][number]['location']): string {
  if (!loc) return '';
  if (loc.kind === 'pdf') return `p${loc.page}`;
  if (loc.kind === 'pdf_annotation') return `p${loc.page}#annot`;
  if (loc.kind === 'txt') return `${loc.line}:${loc.column}`;
  if (loc.kind === 'docx') return `${loc.part.replace(/^word\//, '')}#p${loc.paragraph + 1}`;
  return '';
}

export function formatScanTable(report: ScanReport): string {
  const lines = [`${report.file}  (${report.format}, sha256 ${report.sha256.slice(0, 16)}…)`, `发现 ${report.findings.length} 项 / ${report.findings.length} findings`];
  for (const f of report.findings) {
    const cat = CATEGORY_LABELS[f.category as keyof typeof CATEGORY_LABELS] ?? f.category;
    const type = TYPE_LABELS[f.type as keyof typeof TYPE_LABELS] ?? f.type;
    lines.push(`  ${describeWhere(f.location).padEnd(16)} ${cat}/${type}  ${f.text}  (${f.score.toFixed(2)})`);
  }
  if (report.suppressed.length > 0) lines.push(`白名单排除 ${report.suppressed.length} 项 / ${report.suppressed.length} suppressed by allow-lists`);
  for (const w of report.warnings) lines.push(`警告 warning: ${w}`);
  return lines.join('\n');
}
