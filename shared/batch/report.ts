import type { DocumentFormat } from '../document/model';
import type { Category, FindingType } from '../rules/finding';
import type { BatchFileStatus, BatchFindingNote, BatchNeed } from './result';

/** One folder check as the reports and the app show it. */
export interface BatchRunInfo {
  id: number;
  /** The folder checked (absolute). */
  dir: string;
  status: 'running' | 'interrupted' | 'done';
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** What the files were scanned under: engine, rule set, lists and allow-lists (`name@version`). */
  rules: { engine: string; ruleSet: string; lists: string[]; allowLists: string[] };
}

export interface BatchSummary {
  run: BatchRunInfo;
  /** Files listed (every status). */
  files: number;
  byStatus: Record<BatchFileStatus, number>;
  byNeed: Record<BatchNeed, number>;
  /** Hidden, system and other non-document files left out of the list. */
  ignored: number;
  pages: number;
  findings: number;
  filesWithFindings: number;
  byCategory: Partial<Record<Category, number>>;
  byType: Partial<Record<FindingType, number>>;
}

/** One file of the report. */
export interface BatchFileRow {
  /** Relative to the folder, with `/` separators. */
  path: string;
  size: number;
  status: BatchFileStatus;
  format: DocumentFormat | null;
  pages: number | null;
  findings: number;
  byCategory: Partial<Record<Category, number>>;
  byType: Partial<Record<FindingType, number>>;
  needs: BatchNeed[];
  warnings: string[];
  notes: BatchFindingNote[];
  /** Why it was not read (error or skipped), Chinese and English. */
  error: string | null;
  errorEn: string | null;
  ms: number | null;
}

/** Which rows a report section lists: all of them, or those that need a person (not read, or not fully). */
export type BatchRowFilter = 'all' | 'attention';

/** A running check as the terminal and the app show it. */
export interface BatchProgress {
  run: number;
  dir: string;
  /** `listing` the folder, `checking` files, then `done`, `stopped` (state kept; it continues later) or `failed`. */
  phase: 'listing' | 'checking' | 'done' | 'stopped' | 'failed';
  /** Files listed so far. */
  listed: number;
  /** Files in the run, and how many of them are no longer pending. */
  total: number;
  finished: number;
  errors: number;
  /** Files and PDF pages checked since this session started (a continued run counts only its own). */
  checkedNow: number;
  pagesNow: number;
  elapsedMs: number;
  filesPerSec: number;
  pagesPerSec: number;
  /** Estimated time left; null until a file has been checked. */
  etaMs: number | null;
  /** Files being read now. */
  current: string[];
  /** Worker threads reading files in this session (0 when it is not running here). */
  jobs: number;
  /** Why the run failed (`failed`). */
  error?: { message: string; messageEn: string };
}
