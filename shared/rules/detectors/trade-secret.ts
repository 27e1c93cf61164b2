import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { AMOUNT, PARAMETER, keywordFigureCandidates, type KeywordFigureRule } from './keyword-figure';

/**
 * 商业秘密 (条例第十五条): figures a company would not publish. Contract and
 * winning-bid amounts are published by law in procurement results (中标价,
 * 成交价), so those prefixes suppress; 标底 and 底价 are secret until opening.
 */
const RULES: KeywordFigureRule[] = [
  { type: 'bid_price', pattern: 'reserve_price', keywords: ['标底', '底价', '拦标价', '招标控制价'], figure: AMOUNT, window: 20, score: 0.85 },
  { type: 'bid_price', pattern: 'bid_quote', keywords: ['投标报价', '报价'], figure: AMOUNT, window: 16, score: 0.55, publicPrefixes: ['中标', '成交'] },
  {
    type: 'cost_profit',
    pattern: 'cost_profit_figure',
    keywords: ['单位成本', '生产成本', '综合成本', '成本价', '毛利率', '净利润', '利润率', '毛利', '利润', '成本'],
    figure: AMOUNT,
    window: 16,
    score: 0.5,
  },
  { type: 'formula_process', pattern: 'formula_parameter', keywords: ['配方', '配比', '工艺参数', '工艺配方', '工艺条件'], figure: PARAMETER, window: 30, score: 0.55 },
  { type: 'formula_process', pattern: 'process_parameter', keywords: ['工艺', '浓度', '温度', '压力'], figure: PARAMETER, window: 40, score: 0.45 },
  // The words alone: a hint under the threshold unless context (企业, 供应商) lifts it.
  { type: 'customer_list', pattern: 'customer_list_word', keywords: ['客户名单', '客户名录', '客户清单', '客户资料'], figure: null, window: 0, score: 0.35 },
];

/** 主要客户：A公司、B公司 … : the enumeration itself is the secret. */
const CUSTOMERS = /(?:主要客户|客户名单|核心客户|客户包括|客户主要为|主要客户有)\s*[:：为]?\s*([^。\n；;]{4,200})/g;

/** Table columns whose cells are bid prices; winning bids (中标, 成交) are published by law. */
const BID_HEADER = /报价|标底|投标价|投标金额|底价/;
const PUBLIC_HEADER = /中标|成交|预算|控制价|最高限价/;
const AMOUNT_CELL = /^(?:人民币)?[¥￥]?\s*\d[\d,，]*(?:\.\d+)?\s*(?:元|万元)?$/;

function bidPriceCells(text: string): Candidate[] {
  const out: Candidate[] = [];
  let header: string[] | null = null;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    if (!line.includes('\t')) header = null;
    else if (header === null) header = line.split('\t');
    else {
      let cellStart = pos;
      line.split('\t').forEach((cell, col) => {
        const head = header![col] ?? '';
        const value = cell.trim();
        if (BID_HEADER.test(head) && !PUBLIC_HEADER.test(head) && AMOUNT_CELL.test(value)) {
          const start = cellStart + cell.indexOf(value);
          out.push({ start, end: start + value.length, score: 0.75, pattern: 'bid_table_cell', type: 'bid_price', evidence: [`表头 ${head.trim()}`] });
        }
        cellStart += cell.length + 1;
      });
    }
    pos = end + 1;
  }
  return out;
}

/** Account details of a company: 开户行 / 账号 followed by the number. */
const ACCOUNT = /(?:账\s*号|帐\s*号|银行账户|银行帐户|对公账户)\s*[:：]?\s*(\d[\d -]{7,30}\d)/g;

export const tradeSecretDetector: Detector = {
  id: 'cn_trade_secret',
  version: 1,
  type: 'bid_price',
  category: 'trade_secret',
  basis: BASIS.tradeSecret,
  contextWords: ['投标人', '供应商', '企业', '公司', '报价单'],
  contextBoost: 0.1,
  detect(text) {
    const out = [...keywordFigureCandidates(text, RULES), ...bidPriceCells(text)];
    CUSTOMERS.lastIndex = 0;
    for (let m = CUSTOMERS.exec(text); m; m = CUSTOMERS.exec(text)) {
      const list = m[1]!;
      // An enumeration of organisations, not a sentence about customers in general.
      if (!/[、,，]/.test(list) || !/(公司|集团|厂|商行|企业|医院|学校)/.test(list)) continue;
      const start = m.index + m[0].length - list.length;
      out.push({ start, end: start + list.length, score: 0.6, pattern: 'customer_enumeration', type: 'customer_list', evidence: ['客户列举'] });
    }
    ACCOUNT.lastIndex = 0;
    for (let m = ACCOUNT.exec(text); m; m = ACCOUNT.exec(text)) {
      const numStart = m.index + m[0].lastIndexOf(m[1]!);
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      const evidence = ['关键词 账号'];
      if (/开户行|开户银行|户\s*名/.test(before)) evidence.push('开户行/户名');
      out.push({
        start: numStart,
        end: numStart + m[1]!.length,
        score: evidence.length > 1 ? 0.85 : 0.7,
        pattern: 'account_number',
        type: 'bank_account',
        evidence,
      });
    }
    return out;
  },
};
