import { describe, expect, it } from 'vitest';
import { scanText } from '../../shared/rules/engine';

const types = (text: string) => scanText(text).map((f) => [f.type, f.text, f.blocksExport ?? false]);

describe('classified and internal markings', () => {
  it('finds 密级 with 保密期限 in GB/T 9704 layouts, with or without spaces and full-width stars', () => {
    const head = '000123\n机密★10年\n特急\n\n某某市人民政府文件\n';
    expect(types(head)).toEqual([
      ['copy_number', '000123', false],
      ['secret_mark', '机密★10年', true],
    ]);
    expect(types('秘密 ★ 1年')[0]).toEqual(['secret_mark', '秘密 ★ 1年', true]);
    expect(types('绝密☆长期')[0]).toEqual(['secret_mark', '绝密☆长期', true]);
    expect(types('秘密*6个月')[0]).toEqual(['secret_mark', '秘密*6个月', true]);
    expect(types('密级：秘密')[0]).toEqual(['secret_mark', '密级：秘密', true]);
  });

  it('takes attribute and internal lines only when they stand on their own line', () => {
    expect(types('附件：实施方案\n\n（此件不公开）\n')).toEqual([['disclosure_mark', '（此件不公开）', true]]);
    expect(types('此件依申请公开')).toEqual([['disclosure_mark', '此件依申请公开', true]]);
    expect(types('内部资料 注意保存\n关于……的通知')).toEqual([['internal_mark', '内部资料 注意保存', true]]);
    expect(types('工作秘密\n会议通知')).toEqual([['work_secret', '工作秘密', true]]);
  });

  it('ignores the same words in policy prose (as in the seed texts)', () => {
    const prose =
      '起草部门要认真研究、科学界定该文件的公开属性（"此件公开发布"或"此件不公开"或"此件依申请公开"）后，方可报送。涉及国家秘密的政府信息不予公开，商业秘密和个人隐私依法保护，内部资料不得随意公开。';
    expect(types(prose)).toEqual([]);
  });

  it('gives each marking the legal basis a reviewer cites', () => {
    const [secret] = scanText('秘密★5年');
    expect(secret!.basis).toContain('保守国家秘密法');
    const [attr] = scanText('此件不公开');
    expect(attr!.basis).toContain('第十七条');
  });
});

describe('process information (条例第十六条)', () => {
  it('flags drafts, requests and minutes in the title area', () => {
    expect(types('关于印发《政务公开工作要点》的通知\n（征求意见稿）\n各区县：')).toEqual([['process_draft', '（征求意见稿）', false]]);
    expect(types('关于申请追加2024年信息化专项经费的请示\n市政府：')).toEqual([['internal_request', '关于申请追加2024年信息化专项经费的请示', false]]);
    expect(types('市政府第12次常务会议会议纪要\n')).toEqual([['meeting_minutes', '市政府第12次常务会议会议纪要', false]]);
  });

  it('does not flag a draft published for public consultation or one mentioned in prose', () => {
    expect(types('现将《条例（征求意见稿）》全文公布，公开征求社会各界意见。')).toEqual([]);
    const body = `${'正文段落。\n'.repeat(10)}该方案的讨论稿已在上月印发。`;
    expect(types(body)).toEqual([]);
  });
});

describe('trade secrets', () => {
  it('flags reserve prices and bank account details with their figures', () => {
    expect(types('本项目标底价为1,234.56万元，请各投标人注意。')).toEqual([['bid_price', '标底价为1,234.56万元', false]]);
    const acct = scanText('开户行：中国工商银行某某支行，账号：6222 0202 0000 1234 567');
    expect(acct.find((f) => f.type === 'bank_account')).toMatchObject({ text: '6222 0202 0000 1234 567', score: 0.85 });
  });

  it('flags bid prices in a table column headed 投标报价, not the winning bid', () => {
    const table = '序号\t投标人\t投标报价（元）\t中标价\n1\t浙江华越建设有限公司\t5,438,612.50\t5,438,612.50\n';
    const found = scanText(table).filter((f) => f.type === 'bid_price');
    expect(found.map((f) => [f.text, f.start])).toEqual([['5,438,612.50', table.indexOf('5,438,612.50')]]);
  });

  it('flags an enumeration of customers', () => {
    expect(types('主要客户：江苏恒力化纤股份有限公司、杭州森马服饰有限公司。')).toEqual([['customer_list', '江苏恒力化纤股份有限公司、杭州森马服饰有限公司', false]]);
    expect(types('进一步拓展客户资源，服务好主要客户。')).toEqual([]);
  });

  it('does not flag winning-bid amounts, which procurement results publish by law', () => {
    expect(types('中标价：356.7万元')).toEqual([]);
    expect(types('成交报价为98万元')).toEqual([]);
  });

  it('flags costs, profits and process parameters only with a figure', () => {
    expect(types('该企业2023年单位成本为12.5元，毛利率18%。')).toEqual([['cost_profit', '单位成本为12.5元，毛利率18%', false]]);
    expect(types('降低成本，提高利润。')).toEqual([]);
    expect(types('配方中A组分配比为3:1，反应温度120℃。').map(([t]) => t)).toContain('formula_process');
  });
});

describe('sensitive personal information (PIPL art. 28)', () => {
  it('flags health and religion described for a person, not the policy words', () => {
    expect(types('申请人王某患有慢性肾病，需长期治疗。').map(([t, v]) => [t, v])).toEqual([['sensitive_personal', '患有慢性肾病']]);
    expect(types('宗教信仰：佛教')).toEqual([['sensitive_personal', '宗教信仰：佛教', false]]);
    expect(types('完善医疗保障制度，依法管理宗教事务，做好刑满释放人员帮扶工作。')).toEqual([]);
  });
});
