import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { nonBlankLines } from '../text-lines';

/**
 * Markings in the layouts GB/T 9704 prescribes: 份号, 密级和保密期限 at the
 * top left of the first page, and the attribute line (此件不公开) that offices
 * add. What makes a marking is its place, not its words: policy texts mention
 * 国家秘密 or "此件不公开" in running prose all the time, so those words only
 * count on a line of their own (optionally bracketed), or, for 密级 with ★,
 * anywhere (the star form is never prose).
 */

/** Non-blank lines from the top that count as the document header. */
export const HEADER_LINES = 8;

const STAR_MARK = /(?<![\u4e00-\u9fff])(?:(绝密|机密|秘密)\s*[★☆*＊]\s*(?:(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:年|个月)|长期)?|[★☆]\s*(绝密|机密|秘密)(?![\u4e00-\u9fff]))/g;
const LEVEL_FIELD = /密\s*级\s*[:：]\s*(绝密|机密|秘密|内部)/g;

/** 公开属性 / 公开方式 fields on 发文稿纸 and metadata blocks: only the withholding values count. */
const ATTRIBUTE_FIELD = /公开(?:属性|方式|类别)\s*[:：]\s*(不予公开|不公开|依申请公开)/g;
const BRACKETS = /^[（(【\[〔]?\s*(.*?)\s*[）)】\]〕]?$/;

interface LineRule {
  re: RegExp;
  type: NonNullable<Candidate['type']>;
  score: number;
  blocks: boolean;
  pattern: string;
}

/** Whole-line markings (the line, brackets stripped, must match completely). */
const LINE_RULES: LineRule[] = [
  { re: /^(绝密|机密|秘密)(级)?$/, type: 'secret_mark', score: 0.9, blocks: true, pattern: 'level_line' },
  { re: /^(国家秘密|★?\s*国家秘密\s*★?)$/, type: 'secret_mark', score: 0.9, blocks: true, pattern: 'state_secret_line' },
  { re: /^工作秘密(\s*[★☆*＊].*)?$/, type: 'work_secret', score: 0.9, blocks: true, pattern: 'work_secret_line' },
  {
    re: /^(内部资料|内部文件|内部|内部使用|内部参考|注意保存|不得外传|请勿外传|严禁外传)([\s，,、]*(注意保存|不得外传|请勿外传|严禁外传|妥善保管))?$/,
    type: 'internal_mark',
    score: 0.9,
    blocks: true,
    pattern: 'internal_line',
  },
  { re: /^此件不(予)?公开$/, type: 'disclosure_mark', score: 0.95, blocks: true, pattern: 'not_public_line' },
  { re: /^此件依申请公开$/, type: 'disclosure_mark', score: 0.9, blocks: true, pattern: 'on_request_line' },
];

const BASIS_BY_TYPE: Partial<Record<NonNullable<Candidate['type']>, string>> = {
  work_secret: BASIS.workSecret,
  internal_mark: BASIS.workSecret,
  disclosure_mark: BASIS.disclosureAttribute,
};

/** 份号: six digits (GB/T 9704) alone at the top, or labelled. */
const COPY_NUMBER = /^(?:份\s*号\s*[:：]?\s*)?(\d{6})$/;

/** Longer lines are prose: no whole-line marking or 份号 is this long, brackets and spacing included. */
const MAX_MARK_LINE = 48;

export const markingsDetector: Detector = {
  id: 'cn_markings',
  version: 1,
  type: 'secret_mark',
  category: 'classified',
  basis: BASIS.stateSecret,
  contextWords: [],
  contextBoost: 0,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(STAR_MARK, text)) {
      out.push({ start: m.index, end: m.index + m[0].length, score: 0.95, pattern: 'level_star_term', blocksExport: true });
    }
    for (const m of matchAll(LEVEL_FIELD, text)) {
      const internal = m[1] === '内部';
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        score: 0.9,
        pattern: 'level_field',
        type: internal ? 'internal_mark' : 'secret_mark',
        basis: internal ? BASIS.workSecret : BASIS.stateSecret,
        blocksExport: true,
      });
    }
    for (const m of matchAll(ATTRIBUTE_FIELD, text)) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        score: 0.9,
        pattern: 'attribute_field',
        type: 'disclosure_mark',
        basis: BASIS.disclosureAttribute,
        blocksExport: true,
      });
    }
    for (const line of nonBlankLines(text, Infinity, MAX_MARK_LINE)) {
      const inner = BRACKETS.exec(line.text)?.[1] ?? line.text;
      const compact = inner.replace(/\s+/g, ' ');
      const rule = LINE_RULES.find((r) => r.re.test(compact));
      if (rule) {
        out.push({
          start: line.start,
          end: line.end,
          score: rule.score,
          pattern: rule.pattern,
          type: rule.type,
          basis: BASIS_BY_TYPE[rule.type] ?? BASIS.stateSecret,
          evidence: [`独立成行 line of its own (${line.index + 1})`],
          ...(rule.blocks ? { blocksExport: true as const } : {}),
        });
        continue;
      }
      if (line.index < HEADER_LINES && COPY_NUMBER.test(line.text)) {
        out.push({ start: line.start, end: line.end, score: 0.8, pattern: 'copy_number', type: 'copy_number', basis: BASIS.workSecret, evidence: ['文头 header'] });
      }
    }
    return out;
  },
};
