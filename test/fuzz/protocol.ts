import type { ExtractedDocument } from '../../shared/document/model';
import type { ScanOptions } from '../../shared/rules/engine';
import type { Finding } from '../../shared/rules/finding';
import type { Suppression } from '../../shared/rules/allow-list';

/** Messages between the fuzz sandbox (sandbox.ts) and its worker thread (import-worker.ts). */

export type Job =
  /** Imports as the app does: PDF by its magic number (with a budget), every other format by `importDocument`. */
  | { op: 'import'; name: string; bytes: Uint8Array; password?: string; pdfBudgetMs: number }
  /** Scans text with the engine (options without functions). */
  | { op: 'scan'; text: string; options: Omit<ScanOptions, 'onProgress'> }
  /** Never answers: proves the hang detector works. */
  | { op: 'spin' };

export type Request = Job & { id: number };

/** An exception as data: what it was, and the AppError fields when it is one. */
export interface Thrown {
  appError: boolean;
  name: string;
  message: string;
  stack?: string;
  code?: string;
  messageZh?: string;
  messageEn?: string;
}

export interface Imported extends ExtractedDocument {
  /** Glyph box numbers of a PDF extract (four per character). */
  glyphBoxes?: number;
}

export interface Scanned {
  findings: Finding[];
  suppressed: Suppression[];
}

export type Reply =
  | { id: number; type: 'pages'; pages: number }
  | { id: number; type: 'done'; value: Imported | Scanned }
  | { id: number; type: 'threw'; error: Thrown }
  /** Something escaped the job: an unhandled rejection or an uncaught exception. */
  | { id: number; type: 'fatal'; error: Thrown };
