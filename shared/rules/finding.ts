/** Finding categories: the five kinds of content a reviewer must withhold or check. */
export const CATEGORIES = ['classified', 'personal', 'trade_secret', 'negative_list', 'internal'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Stable snake_case ids of what was found; listed in the README. */
export const FINDING_TYPES = ['id_card', 'mobile_phone', 'email', 'negative_list'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export interface Validation {
  /** Name of the validator, e.g. `gb11643`. */
  name: string;
  passed: boolean;
  /** Which checks failed, e.g. `checksum`, `region`, `birth_date`. */
  failed: string[];
}

/** Why a finding was reported and how its score came about. */
export interface Explanation {
  detector: string;
  pattern: string;
  prior: number;
  validation?: Validation;
  /** Context words found near the span that raised the score. */
  contextWords: string[];
  contextBoost: number;
  /** For list matches: the list and the term as written in the list. */
  list?: { name: string; version: string; term: string };
}

export interface Finding {
  /** Stable within one scan of one text: `type:start-end`. */
  id: string;
  category: Category;
  type: FindingType;
  /** Rule id and version, e.g. `cn_resident_id@1`. */
  rule: string;
  text: string;
  start: number;
  end: number;
  /** 0..1 after validation and context. */
  score: number;
  /** The legal article a reviewer cites when withholding this content. */
  basis: string;
  explanation: Explanation;
}
