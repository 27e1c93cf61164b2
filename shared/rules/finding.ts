/** Finding categories: the five kinds of content a reviewer must withhold or check. */
export const CATEGORIES = ['classified', 'personal', 'trade_secret', 'negative_list', 'internal'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Stable snake_case ids of what was found, with the category each belongs to.
 * Listed in the README; never renamed (scan records and decisions refer to them).
 */
export const TYPE_CATEGORY = {
  // 涉密及内部标识 (GB/T 9704 layouts, attribute lines)
  secret_mark: 'classified',
  work_secret: 'classified',
  internal_mark: 'classified',
  copy_number: 'classified',
  disclosure_mark: 'classified',
  // 个人信息
  id_card: 'personal',
  mobile_phone: 'personal',
  landline_phone: 'personal',
  bank_card: 'personal',
  email: 'personal',
  passport: 'personal',
  hk_macao_permit: 'personal',
  taiwan_permit: 'personal',
  vehicle_plate: 'personal',
  ip_address: 'personal',
  birth_date: 'personal',
  social_insurance: 'personal',
  person_name: 'personal',
  address: 'personal',
  sensitive_personal: 'personal',
  // 商业秘密
  bid_price: 'trade_secret',
  cost_profit: 'trade_secret',
  formula_process: 'trade_secret',
  customer_list: 'trade_secret',
  bank_account: 'trade_secret',
  // 内部事项、过程性信息 (条例第十六条)
  process_draft: 'internal',
  internal_request: 'internal',
  meeting_minutes: 'internal',
  // 负面清单
  negative_list: 'negative_list',
} as const satisfies Record<string, Category>;

export type FindingType = keyof typeof TYPE_CATEGORY;
export const FINDING_TYPES = Object.keys(TYPE_CATEGORY) as FindingType[];

export interface Validation {
  /** Name of the validator, e.g. `gb11643`, `luhn`. */
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
  /** Free-form evidence a detector adds (e.g. `table column 姓名`, `surname 欧阳`). */
  evidence?: string[];
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
  /**
   * Set on markings that concern the whole document (密级, 此件不公开): such a
   * finding, unless rejected by the reviewer, blocks export until an override
   * with a reason is recorded.
   */
  blocksExport?: true;
}
