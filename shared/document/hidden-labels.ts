import type { HiddenRange } from '../ipc/views';
import { segmentAt, describeLocation, hiddenRuns, locate, type ExtractedDocument, type HiddenPlace } from './model';

export const HIDDEN_LABELS: Record<HiddenPlace, string> = {
  tracked_deletion: '修订删除内容',
  tracked_insertion: '修订插入内容',
  comment: '批注',
  hidden_text: '隐藏文字',
  header: '页眉',
  footer: '页脚',
  footnote: '脚注',
  endnote: '尾注',
  text_box: '文本框',
  alt_text: '图片替代文字',
  field_code: '域代码',
  property: '文档属性',
  hidden_sheet: '隐藏工作表',
  hidden_row: '隐藏行',
  hidden_column: '隐藏列',
  cell_comment: '单元格批注',
  html_attribute: '网页属性文字',
  html_hidden: '网页隐藏文字',
  link: '链接地址',
  form_field: '表单域内容',
  attachment: 'PDF 附件',
};

/** Measure words for the summary line: 3 处修订删除内容, 2 条批注. */
const COUNTERS: Partial<Record<HiddenPlace, string>> = { comment: '条', cell_comment: '条', property: '项' };

/** Where a finding lives, in words a reviewer reads: `批注（张科长）·正文第3段`. */
export function describeFindingPlace(doc: Pick<ExtractedDocument, 'segments'>, offset: number): string {
  const seg = segmentAt(doc, offset);
  const where = describeLocation(locate(doc, offset));
  if (!seg?.hidden) return where;
  const label = `${HIDDEN_LABELS[seg.hidden]}${seg.author ? `（${seg.author}）` : ''}`;
  return where ? `${label} · ${where}` : label;
}

/** `3 处修订删除内容、2 条批注` from counts by place; empty when nothing is hidden. */
export function formatHiddenSummary(counts: Partial<Record<HiddenPlace, number>>): string {
  return (Object.entries(counts) as [HiddenPlace, number][])
    .filter(([place]) => place !== 'header' && place !== 'footer')
    .map(([place, n]) => `${n} ${COUNTERS[place] ?? '处'}${HIDDEN_LABELS[place]}`)
    .join('、');
}

/** The hidden-content lane: each run of hidden text with where it lives (`第2页批注`, `正文第3段`). */
export function hiddenRanges(doc: Pick<ExtractedDocument, 'segments'>): HiddenRange[] {
  return hiddenRuns(doc).map((run) => ({ ...run, where: describeLocation(locate(doc, run.start)) }));
}
