import { FINDING_TYPES, type FindingType } from '../../shared/rules/finding';
import { idCheckChar, luhnCheckDigit } from './checks';

/**
 * The fixture markup (see README.md):
 *
 * - `[[type:value]]` labels `value` as a gold span of `type`;
 *   `[[type1,?type2:value]]` labels it `type1` and tolerates a `type2` finding
 *   there (neither hit nor false positive); `[[?type:value]]` only tolerates.
 * - `person_name` and `address` take a slice suffix: `@field` (a table cell or
 *   a labelled field such as 联系人：, the default) or `@text` (running text).
 * - `#` at the end of an `id_card` value is replaced by its GB 11643 check
 *   character; in a `bank_card` or `bank_account` value by its Luhn digit
 *   (computed over the digits before it; spaces and full-width digits allowed).
 * - A line starting with `|` is a table row `| a | b |`: its cells are joined
 *   by tabs, as the DOCX importer extracts tables.
 * - A line starting with `%%` is a comment and disappears with its line break.
 */

export type Slice = 'field' | 'text';

export interface LabelledSpan {
  type: FindingType;
  start: number;
  end: number;
  text: string;
  /** Tolerated: a finding of this type here is neither a hit nor a false positive. */
  tolerated: boolean;
  slice?: Slice;
}

export interface LabelledText {
  text: string;
  spans: LabelledSpan[];
}

const TYPES = new Set<string>(FINDING_TYPES);
const TAG = /\[\[([^\[\]:]+):([^\[\]]*?)\]\]/g;

export function parseMarkup(source: string, where = 'fixture'): LabelledText {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (line.startsWith('%%')) continue;
    if (line.startsWith('|')) {
      const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
      kept.push(cells.map((c) => c.trim()).join('\t'));
    } else kept.push(line);
  }
  const marked = kept.join('\n');

  let text = '';
  const spans: LabelledSpan[] = [];
  let last = 0;
  for (const m of marked.matchAll(TAG)) {
    text += marked.slice(last, m.index);
    last = m.index + m[0].length;
    const items = m[1]!.split(',').map((s) => s.trim());
    const parsed = items.map((item) => {
      const tolerated = item.startsWith('?');
      const [rawType, rawSlice] = (tolerated ? item.slice(1) : item).split('@');
      if (!TYPES.has(rawType!)) throw new Error(`${where}: unknown finding type "${rawType}" in ${m[0]}`);
      if (rawSlice !== undefined && rawSlice !== 'field' && rawSlice !== 'text')
        throw new Error(`${where}: unknown slice "@${rawSlice}" in ${m[0]}`);
      const type = rawType as FindingType;
      const slice: Slice | undefined =
        type === 'person_name' || type === 'address' ? ((rawSlice as Slice | undefined) ?? 'field') : undefined;
      return { type, tolerated, slice };
    });
    const value = fillCheck(m[2]!, parsed.map((p) => p.type), where);
    const start = text.length;
    text += value;
    for (const p of parsed) {
      spans.push({ type: p.type, start, end: text.length, text: value, tolerated: p.tolerated, ...(p.slice ? { slice: p.slice } : {}) });
    }
  }
  text += marked.slice(last);
  if (/\[\[|\]\]/.test(text)) throw new Error(`${where}: unbalanced [[ ]] markup near "${text.slice(text.search(/\[\[|\]\]/), text.search(/\[\[|\]\]/) + 40)}"`);
  return { text, spans };
}

/** Full-width digits and letters (０-９, Ａ-Ｚ) fold to ASCII for computing a check character. */
const toAscii = (s: string) => s.replace(/[\uff10-\uff19\uff21-\uff3a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const toFullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function fillCheck(value: string, types: readonly FindingType[], where: string): string {
  const at = value.indexOf('#');
  if (at < 0) return value;
  const head = value.slice(0, at);
  const digits = toAscii(head).replace(/\D/g, '');
  const wide = /[\uff10-\uff19]/.test(head);
  let check: string;
  if (types.includes('id_card')) {
    if (digits.length !== 17) throw new Error(`${where}: id_card "${value}" needs 17 digits before #`);
    check = idCheckChar(digits);
  } else if (types.includes('bank_card') || types.includes('bank_account')) check = luhnCheckDigit(digits);
  else throw new Error(`${where}: the # check placeholder needs id_card, bank_card or bank_account among the types of "${value}"`);
  return head + (wide ? toFullWidth(check) : check) + value.slice(at + 1);
}
