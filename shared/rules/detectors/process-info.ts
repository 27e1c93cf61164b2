import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { nonBlankLines } from '../text-lines';
import { HEADER_LINES } from './markings';

/**
 * 过程性信息 (条例第十六条): drafts, internal requests and meeting minutes may
 * be withheld. Offices also publish drafts on purpose (公开征求意见), so a
 * title-area hit asks the reviewer to confirm, and a mention in running text
 * stays below the threshold unless the draft word stands in a title.
 */
const DRAFT = /[（(]?(讨论稿|征求意见稿|送审稿|审议稿|初稿|修改稿|草稿|代拟稿)[）)]?/g;
const REQUEST_TITLE = /^(?:[（(][^）)]{1,10}[）)])?关于.{2,80}的(?:请示|请示报告)[）)]?$/;
const MINUTES_TITLE = /(会议纪要|会商纪要|专题会议纪要)$/;
/** A title longer than this is a paragraph (REQUEST_TITLE allows 80 characters of subject). */
const MAX_TITLE_LINE = 120;

export const processInfoDetector: Detector = {
  id: 'cn_process_info',
  version: 1,
  type: 'process_draft',
  category: 'internal',
  basis: BASIS.internalProcess,
  contextWords: ['内部讨论', '仅供参考', '请勿外传'],
  contextBoost: 0.2,
  detect(text) {
    const out: Candidate[] = [];
    const header = nonBlankLines(text, HEADER_LINES);
    const headerEnd = header.length > 0 ? header[header.length - 1]!.end : 0;
    for (const m of matchAll(DRAFT, text)) {
      const inHeader = m.index < headerEnd;
      // 公开征求意见 is the act of publishing a draft: not a reason to withhold.
      const publicConsultation = /公开征求|向社会征求|征求社会/.test(text.slice(Math.max(0, m.index - 30), m.index + 30));
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        score: publicConsultation ? 0.2 : inHeader ? 0.75 : 0.3,
        pattern: inHeader ? 'draft_in_title' : 'draft_in_text',
        type: 'process_draft',
      });
    }
    // A title stands on a line of its own; merged files put later titles below the header area.
    for (const line of nonBlankLines(text, Infinity, MAX_TITLE_LINE)) {
      if (REQUEST_TITLE.test(line.text)) {
        out.push({ start: line.start, end: line.end, score: 0.75, pattern: 'request_title', type: 'internal_request' });
      } else if (MINUTES_TITLE.test(line.text)) {
        out.push({ start: line.start, end: line.end, score: 0.6, pattern: 'minutes_title', type: 'meeting_minutes' });
      }
    }
    return out;
  },
};
