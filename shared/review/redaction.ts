import { SURNAMES } from '../rules/data/surnames';
import type { Category, Finding, FindingType } from '../rules/finding';
import { maskChar } from './decisions';
import type { RedactionStyle, StyleChoice } from './styles';

export { REDACTION_STYLES, type RedactionStyle, type StyleChoice } from './styles';

export const DEFAULT_STYLE: StyleChoice = { style: 'block' };

/** A redaction the reviewer adds by hand (a span the engine did not find). */
export interface ManualRedaction {
  start: number;
  end: number;
  reason: string;
  basis: string;
}

/** One span of the plan: what goes, what stands in its place, and why. */
export interface Redaction {
  start: number;
  end: number;
  /** What the reader sees instead; its length may differ from the span's. */
  replacement: string;
  style: RedactionStyle;
  category: Category | 'manual';
  type: FindingType | 'manual';
  /** The reviewer's reason, when one was given. */
  reason: string | null;
  basis: string;
  /** Findings merged into this span (empty for a manual one). */
  findings: string[];
}

export const LABELS: Record<Category | 'manual', string> = {
  classified: '[涉密标识]',
  personal: '[个人信息]',
  trade_secret: '[商业秘密]',
  negative_list: '[敏感信息]',
  internal: '[内部事项]',
  manual: '[已删除]',
};

const COMPOUND_SURNAMES = new Set(SURNAMES.map(([s]) => s).filter((s) => s.length === 2));

function block(value: string): string {
  let out = '';
  for (const ch of value) out += maskChar(ch);
  return out;
}

/** Masks the digits of `value` at the given digit indexes (counted among digits only); other characters stay. */
function maskDigits(value: string, masked: (index: number, count: number) => boolean): string {
  const count = value.replace(/\D/g, '').length;
  let k = 0;
  let out = '';
  for (const ch of value) {
    if (/\d/.test(ch)) out += masked(k++, count) ? '*' : ch;
    else out += ch;
  }
  return out;
}

/** Keeps the first `head` and last `tail` characters (code points) of a short identifier. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return block(value);
  return chars.map((c, i) => (i < head || i >= chars.length - tail ? c : '*')).join('');
}

function partialMask(value: string, type: FindingType | 'manual'): string | null {
  switch (type) {
    case 'id_card':
      return keepEnds(value, 6, 4);
    case 'mobile_phone':
    case 'landline_phone':
      // The four digits before the last four: 138****5678, 0571-****4321, +86 138 **** 5678.
      return maskDigits(value, (i, n) => n >= 8 && i >= n - 8 && i < n - 4);
    case 'bank_card':
    case 'bank_account':
      return maskDigits(value, (i, n) => n >= 12 && i >= 6 && i < n - 4);
    case 'passport':
    case 'hk_macao_permit':
    case 'taiwan_permit':
    case 'social_insurance':
    case 'vehicle_plate':
      return keepEnds(value, 2, 2);
    case 'email': {
      const at = value.indexOf('@');
      return at > 0 ? `${value[0]}***${value.slice(at)}` : null;
    }
    default:
      return null;
  }
}

/** 张三 → 张某, 张三丰 → 张某某, 欧阳锋 → 欧阳某; null when the value is not a plain name. */
function courtName(value: string): string | null {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(value)) return null;
  const surname = value.length >= 3 && COMPOUND_SURNAMES.has(value.slice(0, 2)) ? value.slice(0, 2) : value[0]!;
  return surname + '某'.repeat(Math.min(2, value.length - surname.length));
}

/** The text that stands in for `value` under `style`. */
export function replacementFor(value: string, style: RedactionStyle, category: Category | 'manual', type: FindingType | 'manual'): string {
  switch (style) {
    case 'block':
      return block(value);
    case 'mask':
      return partialMask(value, type) ?? block(value);
    case 'label':
      return LABELS[category];
    case 'court':
      return (type === 'person_name' ? courtName(value) : null) ?? LABELS[category];
  }
}

interface Piece {
  start: number;
  end: number;
  category: Category | 'manual';
  type: FindingType | 'manual';
  reason: string | null;
  basis: string;
  finding: string | null;
}

/**
 * The redaction plan: accepted findings and manual redactions, sorted and
 * merged where they overlap (a merged span of several kinds is
 * blocked out whole: a partial mask of a union would show parts of each),
 * each with its replacement, reason and basis.
 */
export function planRedactions(
  text: string,
  findings: readonly Finding[],
  decisions: ReadonlyMap<string, { decision: string; reason?: string | null }>,
  manual: readonly ManualRedaction[] = [],
  choice: StyleChoice = DEFAULT_STYLE,
): Redaction[] {
  const pieces: Piece[] = [
    ...findings
      .filter((f) => decisions.get(f.id)?.decision === 'accepted')
      .map((f) => ({ start: f.start, end: f.end, category: f.category, type: f.type, reason: decisions.get(f.id)?.reason ?? null, basis: f.basis, finding: f.id })),
    ...manual.map((m) => ({ start: m.start, end: m.end, category: 'manual' as const, type: 'manual' as const, reason: m.reason, basis: m.basis, finding: null })),
  ]
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const groups: Piece[][] = [];
  let groupEnd = -1;
  for (const p of pieces) {
    if (groups.length > 0 && p.start < groupEnd) {
      groups[groups.length - 1]!.push(p);
      groupEnd = Math.max(groupEnd, p.end);
    } else {
      groups.push([p]);
      groupEnd = p.end;
    }
  }
  return groups.map((group) => {
    const first = group[0]!;
    const start = first.start;
    const end = Math.max(...group.map((p) => p.end));
    const kinds = new Set(group.map((p) => p.type));
    const style = choice.byCategory?.[first.category] ?? choice.style;
    const value = text.slice(start, end);
    const whole = kinds.size === 1 && group.every((p) => p.start === start && p.end === end);
    const replacement = whole ? replacementFor(value, style, first.category, first.type) : style === 'label' || style === 'court' ? LABELS[first.category] : block(value);
    const reasons = [...new Set(group.map((p) => p.reason).filter((r): r is string => !!r))];
    return {
      start,
      end,
      replacement,
      style,
      category: first.category,
      type: first.type,
      reason: reasons.length > 0 ? reasons.join('；') : null,
      basis: [...new Set(group.map((p) => p.basis))].join('；'),
      findings: group.map((p) => p.finding).filter((id): id is string => id !== null),
    };
  });
}

/** `text` with every redaction's span replaced; redactions must be sorted and disjoint, as `planRedactions` returns them. */
export function applyRedactions(text: string, redactions: readonly Pick<Redaction, 'start' | 'end' | 'replacement'>[]): string {
  let out = '';
  let pos = 0;
  for (const r of redactions) {
    out += text.slice(pos, r.start) + r.replacement;
    pos = r.end;
  }
  return out + text.slice(pos);
}
