import { readFileSync } from 'node:fs';
import type { FindingType } from '../../../shared/rules/finding';
import type { LabelledSpan } from '../markup';
import type { EvalDoc } from '../types';

/**
 * Presidio's recognizer test cases (presidio_cases.jsonl), mapped to our types.
 * Groups: e-mail and IP are in scope; the one mainland mobile number is in
 * scope; foreign phone formats and international card brands are reported
 * separately (out of scope for a Chinese engine, shown rather than hidden);
 * crypto wallets, URLs and IBANs have no type of ours and serve as negatives.
 * Cases whose upstream expected score is below our threshold (0.4) are
 * tolerated rather than required.
 */

export type PresidioGroup =
  | 'email'
  | 'ip'
  | 'phone-cn'
  | 'phone-foreign'
  | 'card-intl'
  | 'negatives(crypto,url,iban)';

export interface PresidioDoc extends EvalDoc {
  group: PresidioGroup;
  /** Foreign phone numbers: a mobile_phone or landline_phone finding both count. */
  anyPhone: boolean;
}

interface Case {
  file: string;
  test: string;
  text?: string;
  iban?: string;
  expected_len: number;
  expected_positions?: [number, number][];
  expected_res?: [number, number][];
  expected_score_ranges?: [number, number][];
  expected_score?: number;
  leniency?: number;
}

const THRESHOLD = 0.4;

export function loadPresidio(path: string): PresidioDoc[] {
  const cases = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case);
  // Leniency variants repeat a text with different expectations: keep the most complete one.
  const byText = new Map<string, Case>();
  for (const c of cases) {
    const text = c.text ?? c.iban ?? '';
    const key = `${c.file}\u0000${text}`;
    const prev = byText.get(key);
    if (!prev || c.expected_len > prev.expected_len) byText.set(key, c);
  }
  const docs: PresidioDoc[] = [];
  let n = 0;
  for (const c of byText.values()) {
    const text = c.text ?? c.iban ?? '';
    if (text === '') continue;
    let group: PresidioGroup;
    let type: FindingType | null;
    if (c.file.includes('email')) [group, type] = ['email', 'email'];
    else if (c.file.includes('_ip_')) [group, type] = ['ip', 'ip_address'];
    else if (c.file.includes('phone')) [group, type] = /(?<!\d)1[3-9]\d{9}(?!\d)/.test(text) && !/\+|\(/.test(text) ? ['phone-cn', 'mobile_phone'] : ['phone-foreign', 'landline_phone'];
    else if (c.file.includes('credit_card')) [group, type] = ['card-intl', 'bank_card'];
    else [group, type] = ['negatives(crypto,url,iban)', null];
    const spans: LabelledSpan[] = [];
    if (type) {
      const positions = c.expected_positions ?? c.expected_res ?? [];
      const ranges = c.expected_score_ranges ?? [];
      if (positions.length === 0 && c.expected_len > 0) {
        const start = text.length - text.trimStart().length;
        positions.push([start, text.trimEnd().length]);
      }
      positions.forEach(([start, end], i) => {
        const low = (ranges[i]?.[1] ?? 1) < THRESHOLD;
        spans.push({ type, start, end, text: text.slice(start, end), tolerated: low });
      });
    }
    docs.push({ id: `presidio#${n++} ${c.test}`, text, spans, group, anyPhone: group === 'phone-foreign' });
  }
  return docs;
}
