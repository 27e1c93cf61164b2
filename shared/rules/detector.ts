import type { Category, FindingType, Validation } from './finding';
import type { TextPass } from './text-pass';

/** A raw hit from a detector, before context scoring and de-duplication. */
export interface Candidate {
  start: number;
  end: number;
  /** Prior score after validation, before context. */
  score: number;
  pattern: string;
  validation?: Validation;
  list?: { name: string; version: string; term: string };
  evidence?: string[];
  /** Overrides the detector's type for detectors that find several (e.g. markings). */
  type?: FindingType;
  /** Overrides the detector's basis, for detectors that find several types. */
  basis?: string;
  /** Document-level marking: blocks export unless rejected or overridden. */
  blocksExport?: true;
}

/**
 * One recognizer in the Presidio sense: a stable id and version, the entity
 * it finds, the context words that make a hit more likely, and `detect`,
 * which must be pure and deterministic.
 */
export interface Detector {
  id: string;
  version: number;
  type: FindingType;
  category: Category;
  basis: string;
  /** Words that, found within `CONTEXT_WINDOW` characters before or after, raise the score. */
  contextWords: readonly string[];
  /** Amount added to the score when any context word is present. */
  contextBoost: number;
  /** `pass` carries what detectors share about `text` within one scan; made on demand when absent. */
  detect(text: string, pass?: TextPass): Candidate[];
}

/** Runs a global regex over text, yielding every match; the regex must have the `g` flag. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
