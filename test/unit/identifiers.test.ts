import { describe, expect, it } from 'vitest';
import { lookupBin } from '../../shared/rules/data/unionpay-bins';
import { areaCodeLengths } from '../../shared/rules/data/area-codes';
import { isCurrentRegionCode } from '../../shared/rules/data/region-codes';
import type { Detector } from '../../shared/rules/detector';
import { bankCardDetector } from '../../shared/rules/detectors/bank-card';
import { birthDateDetector } from '../../shared/rules/detectors/birth-date';
import { emailDetector } from '../../shared/rules/detectors/email';
import { ipAddressDetector, isIpv6 } from '../../shared/rules/detectors/ip-address';
import { landlinePhoneDetector } from '../../shared/rules/detectors/landline-phone';
import { passportDetector } from '../../shared/rules/detectors/passport';
import { residentIdDetector } from '../../shared/rules/detectors/resident-id';
import { socialInsuranceDetector } from '../../shared/rules/detectors/social-insurance';
import { cellsUnderHeader } from '../../shared/rules/detectors/table-cells';
import { hkMacaoPermitDetector, taiwanPermitDetector } from '../../shared/rules/detectors/travel-permit';
import { vehiclePlateDetector } from '../../shared/rules/detectors/vehicle-plate';
import { CONTEXT_WINDOW, scanText } from '../../shared/rules/engine';
import type { FindingType } from '../../shared/rules/finding';
import { planRedactions } from '../../shared/review/redaction';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { checkResidentId15, isCurrentRegion, isValidProvince } from '../../shared/rules/validators/gb11643';
import { luhnCheckDigit, luhnValid } from '../../shared/rules/validators/luhn';
import { PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';

const THRESHOLD = DEFAULT_RULE_SET.threshold;

const DETECTORS: readonly Detector[] = [
  bankCardDetector,
  emailDetector,
  landlinePhoneDetector,
  passportDetector,
  hkMacaoPermitDetector,
  taiwanPermitDetector,
  vehiclePlateDetector,
  ipAddressDetector,
  birthDateDetector,
  socialInsuranceDetector,
  residentIdDetector,
];

/**
 * What the engine makes of a detector's candidates: the same context window
 * and boost arithmetic as `toFinding` in shared/rules/engine.ts.
 */
function scored(d: Detector, text: string) {
  return d.detect(text).map((c) => {
    const before = text.slice(Math.max(0, c.start - CONTEXT_WINDOW), c.start);
    const after = text.slice(c.end, c.end + CONTEXT_WINDOW);
    const context = d.contextWords.some((w) => before.includes(w) || after.includes(w));
    const score = Math.min(1, Math.round((c.score + (context ? d.contextBoost : 0)) * 100) / 100);
    return { text: text.slice(c.start, c.end), score, prior: c.score, candidate: c };
  });
}

/** The spans the engine would report (score at or over the threshold). */
function reported(d: Detector, text: string): string[] {
  return scored(d, text)
    .filter((f) => f.score >= THRESHOLD)
    .map((f) => f.text);
}

function scoreOf(d: Detector, text: string, span: string): number | undefined {
  return scored(d, text).find((f) => f.text === span)?.score;
}

/** What the whole engine reports of one type (table-header context included), as [text, score]. */
function engineFound(text: string, type: FindingType): [string, number][] {
  return scanText(text)
    .filter((f) => f.type === type)
    .map((f) => [f.text, f.score]);
}

// Fictitious numbers built to pass (or fail) the checks; none belongs to a person.
const ICBC_19 = '6222020200123456788'; // BIN 622202 中国工商银行 debit, 19 digits, Luhn ok
const CCB_19 = '6217000010000000003'; // BIN 621700 中国建设银行 debit, 19 digits, Luhn ok
const ABC_19 = '6228480012345678903'; // BIN 622848 中国农业银行
const PINGAN_16 = '6221550012345678'; // BIN 622155 平安银行 credit, 16 digits
const KMRCU_18 = '185720001234567895'; // BIN 18572, an 18-digit debit card
const ID_PASSING_LUHN = '110105198001011553'; // valid resident ID that also passes Luhn
const USCC_DIGITS = '911101081000000469'; // all-digit unified social credit code that passes Luhn
const ID_ABOLISHED_REGION = '440524198001011235'; // 440524 潮阳县, abolished (now 440513)

describe('Luhn', () => {
  it('accepts valid numbers and rejects changed digits', () => {
    expect(luhnValid(ICBC_19)).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('6222020200123456789')).toBe(false);
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });
  it('rejects non-digits and trivial input', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('0')).toBe(false);
    expect(luhnValid('4111 1111 1111 1111')).toBe(false);
  });
});

describe('generated data', () => {
  it('looks up the longest BIN and prefers entries of the right card length', () => {
    expect(lookupBin(ICBC_19)[0]).toMatchObject({ bin: '622202', bankCode: 'ICBC', bankName: '中国工商银行', cardType: 'DC', length: 19 });
    expect(lookupBin('1111111111111111')).toEqual([]);
  });
  it('knows mainland area codes and their local number lengths', () => {
    expect(areaCodeLengths('10')).toEqual([8]);
    expect(areaCodeLengths('755')).toEqual([8]);
    expect(areaCodeLengths('335')).toEqual([7]);
    expect(areaCodeLengths('400')).toBeUndefined();
    expect(areaCodeLengths('26')).toBeUndefined();
  });
  it('knows current region codes', () => {
    expect(isCurrentRegionCode('110105')).toBe(true);
    expect(isCurrentRegionCode('440513')).toBe(true);
    expect(isCurrentRegionCode('440524')).toBe(false);
    expect(isCurrentRegion('810000')).toBe(true);
    expect(isValidProvince('440524')).toBe(true);
  });
});

describe('realistic text without personal identifiers', () => {
  const CLEAN = [
    '国务院办公厅关于印发《2024年政务公开工作要点》的通知',
    '国办发〔2024〕15号　京政办发〔2023〕7号　粤府函〔2024〕112号',
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    '2023年全市地区生产总值达到12345678万元，同比增长5.2%，其中第三产业增加值6543210万元。',
    '依据GB/T 9704-2012《党政机关公文格式》第7.3.5.1条和第5.2.1条执行。',
    '会议于2024年3月15日09:30在市政府第一会议室召开，会期1.5天，时间安排为09:30-12:00。',
    '项目编号：ZFCG-2024-0315-001，采购预算：1,280,000.00元，包号2024-0101。',
    '订单编号：2024031500012342，物流单号：SF1234567890123，流水号 20240315000123456。',
    '统一社会信用代码：911101081000000469（营业执照注册号：110108620927690）',
    '2019-2023年累计投入资金3.2亿元，惠及群众15.6万户，人均增收2,345元。',
    '服务热线：12345；投诉电话：400-810-8888、800-820-8820；客服电话：95588。',
    '软件版本 V2.3.1.4，补丁 KB5034441，接口版本1.2.3.4.5。',
    '表1\t2022年\t2023年\t增幅',
    '一般公共预算收入\t1234567\t1345678\t9.0%',
    '本通知自2024年5月1日起施行，有效期至2029年4月30日。2023年1月出生人口12.3万人。',
    '国道G107线、高速G4京港澳、列车G1234次；备案号：京ICP备05087018号，京公网安备11010502030143号。',
    '问题产生于2019年3月，整改措施于2020年3月生效。',
  ].join('\n');

  it('yields no finding at or over the threshold from any identifier detector', () => {
    for (const d of DETECTORS) expect(reported(d, CLEAN), d.id).toEqual([]);
  });
});

describe('bank cards', () => {
  it('finds grouped and contiguous numbers in a payment table', () => {
    const text = `收款人\t开户行\t卡号\n张三\t中国工商银行北京分行\t6222 0202 0012 3456 788\n李四\t中国建设银行\t${CCB_19}`;
    expect(reported(bankCardDetector, text)).toEqual(['6222 0202 0012 3456 788', CCB_19]);
    // The header 卡号 is within the context window of the first row only.
    expect(scoreOf(bankCardDetector, text, '6222 0202 0012 3456 788')).toBe(1);
    expect(scoreOf(bankCardDetector, text, CCB_19)).toBe(0.9);
  });

  it('reports a Luhn- and BIN-valid number glued to CJK text without context', () => {
    const text = `请将补助资金转入${ABC_19}。`;
    expect(scored(bankCardDetector, text)).toMatchObject([{ text: ABC_19, score: 0.9 }]);
    expect(scored(bankCardDetector, text)[0]!.candidate.evidence![0]).toContain('中国农业银行');
  });

  it('accepts groupings other than fours, as tables print them', () => {
    const text = `户主\t一卡通账号\n方金花\t${ABC_19.slice(0, 16)} ${ABC_19.slice(16)}\n吴根土\t6228 4800 1234 5678 903`;
    expect(reported(bankCardDetector, text)).toEqual([`${ABC_19.slice(0, 16)} ${ABC_19.slice(16)}`, '6228 4800 1234 5678 903']);
    // A card number followed or preceded by an unrelated number keeps only the card.
    expect(reported(bankCardDetector, `卡号 ${ICBC_19} 2024年`)).toEqual([ICBC_19]);
    expect(reported(bankCardDetector, `3 ${ICBC_19} 295.83`)).toEqual([ICBC_19]);
  });

  it('accepts hyphen grouping and 16- and 18-digit cards', () => {
    expect(reported(bankCardDetector, '信用卡 6221-5500-1234-5678 已冻结')).toEqual(['6221-5500-1234-5678']);
    expect(reported(bankCardDetector, `储蓄卡：${KMRCU_18}`)).toEqual([KMRCU_18]);
    expect(reported(bankCardDetector, `${PINGAN_16}`)).toEqual([PINGAN_16]);
  });

  it('keeps a number failing Luhn under the threshold, and lets only a card label right before lift it, weakly', () => {
    expect(scored(bankCardDetector, '数据 6234567890123456 条')).toMatchObject([{ score: 0.05 }]);
    expect(reported(bankCardDetector, '数据 6234567890123456 条')).toEqual([]);
    expect(scored(bankCardDetector, '银行卡号：6234567890123456')).toMatchObject([{ score: 0.45 }]);
  });

  it('does not report Luhn-failing numbers on a bank prefix, a BIN or a nearby context word alone', () => {
    // Decoys of the corpus_pii benchmark: 62 prefixes, a real BIN (621532 成都银行), 账号/信用卡 nearby but not labelling the number.
    for (const text of [
      '关于该县惠民补贴发放情况的说明了6277825052194176解账号另行通知',
      '本单号：6261795095694519，请于三个工作日内办结',
      '信用卡帐单显示，预授权6215324062780074763尚未取消',
      '订单编号：6220382498531334596，已办结',
    ]) {
      expect(reported(bankCardDetector, text), text).toEqual([]);
      expect(engineFound(text, 'bank_card'), text).toEqual([]);
    }
  });

  it('reports a mistyped card number after a card label or in a card column, but only weakly', () => {
    const labelled = '补贴资金发放至本人社保卡银行卡号：6215324062780074763（成都银行）。';
    expect(engineFound(labelled, 'bank_card')).toEqual([['6215324062780074763', 0.5]]);
    expect(scored(bankCardDetector, labelled)[0]!.candidate.evidence![0]).toContain('Luhn');
    const table = '序号\t户主姓名\t一卡通账号\t补贴金额（元）\n1\t方德明\t6230 5200 3100 4517 821\t295.83';
    const [[, score]] = engineFound(table, 'bank_card') as [[string, number]];
    expect(score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(score).toBeLessThan(0.7);
  });

  it('finds Luhn-valid foreign cards of every major network at 0.5, under UnionPay and known BINs', () => {
    const text = '4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881';
    expect(scored(bankCardDetector, text).map((f) => [f.text, f.score])).toEqual([
      ['4012888888881881', 0.5],
      ['4012-8888-8888-1881', 0.5],
      ['4012 8888 8888 1881', 0.5],
    ]);
    for (const card of ['5555555555554444', '2221000000000009', '3528000700000000', '6011000400000000']) {
      expect(scored(bankCardDetector, `境外消费卡号 ${card}`)[0]!.prior, card).toBe(0.5);
    }
    expect(scored(bankCardDetector, '6299990000123454')[0]!.prior).toBe(0.7); // UnionPay range 62, no known BIN
    expect(scored(bankCardDetector, ICBC_19)[0]!.prior).toBe(0.9);
    expect(scored(bankCardDetector, '4012-8888-8888-1882')[0]!.score).toBeLessThan(THRESHOLD); // Luhn fails
  });

  it('leaves numbers outside the card ranges that fail Luhn to the bank-account rules, even next to 账号', () => {
    expect(reported(bankCardDetector, '户名：市财政局非税收入专户，账号：1202 0211 0900 0188 888')).toEqual([]);
    expect(reported(bankCardDetector, '账号：1234567890123456')).toEqual([]);
  });

  it('scores Luhn-only numbers by how card-like their first digit is', () => {
    expect(scored(bankCardDetector, '4111111111111111')[0]!.score).toBe(0.5);
    expect(scored(bankCardDetector, '8800001234567892')[0]!.score).toBe(0.3);
    expect(reported(bankCardDetector, '订单编号：2024031500012342')).toEqual([]);
  });

  it('does not fire inside longer digit runs or longer grouped runs', () => {
    expect(bankCardDetector.detect(`流水 8${ICBC_19}`)).toEqual([]);
    expect(bankCardDetector.detect(`${ICBC_19}1`)).toEqual([]);
    expect(bankCardDetector.detect('6222 0202 0012 3456 7880 1234')).toEqual([]);
    expect(bankCardDetector.detect('1234 6222 0202 0012 3456')).toEqual([]);
    expect(bankCardDetector.detect(`NO${ICBC_19}`)).toEqual([]);
  });

  it('does not steal valid resident IDs or credit codes, even next to 账号', () => {
    for (const id of [PERSON_ID_2, ID_PASSING_LUHN]) {
      expect(reported(bankCardDetector, `账号：${id}`), id).toEqual([]);
      expect(reported(residentIdDetector, `账号：${id}`), id).toEqual([id]);
    }
    expect(reported(bankCardDetector, `统一社会信用代码 ${USCC_DIGITS}`)).toEqual([]);
  });

  it('uses the financial-account basis', () => {
    expect(bankCardDetector.basis).toContain('第二十八条');
  });
});

describe('landline phones', () => {
  const LINE = '联系人：王芳　联系电话：010-12345678　传真（0755）1234 5678转123　办公室 0571-87654321-8001';

  it('finds the forms of a 联系方式 line, extensions included', () => {
    expect(reported(landlinePhoneDetector, LINE)).toEqual(['010-12345678', '（0755）1234 5678转123', '0571-87654321-8001']);
    expect(scoreOf(landlinePhoneDetector, LINE, '010-12345678')).toBe(0.9);
  });

  it('finds international, parenthesised, spaced and 7-digit forms', () => {
    const text = '电话：+86 10 12345678；0086 (0)755 12345678；(0755)12345678；0755 1234 5678；秦皇岛0335-1234567。';
    expect(reported(landlinePhoneDetector, text)).toEqual([
      '+86 10 12345678',
      '0086 (0)755 12345678',
      '(0755)12345678',
      '0755 1234 5678',
      '0335-1234567',
    ]);
  });

  it('finds local numbers without area code right after a phone label only', () => {
    const text = '联系人：许朝阳，联系电话：87356021，传真：2398722转8012；共计87356021元';
    expect(reported(landlinePhoneDetector, text)).toEqual(['87356021', '2398722转8012']);
    expect(landlinePhoneDetector.detect('电话会议20240315，举报电话：12380，电话：95598，电话：123456789')).toEqual([]);
  });

  it('reports contiguous numbers at a lower score', () => {
    expect(scored(landlinePhoneDetector, '075512345678')).toMatchObject([{ text: '075512345678', score: 0.45 }]);
    expect(scoreOf(landlinePhoneDetector, '座机075512345678', '075512345678')).toBe(0.75);
  });

  it('validates area codes and local number lengths', () => {
    expect(landlinePhoneDetector.detect('0755-1234567')).toEqual([]); // Shenzhen numbers have 8 digits
    expect(landlinePhoneDetector.detect('0269-12345678')).toEqual([]); // 026 is no area code
    expect(landlinePhoneDetector.detect('090-1234-5678')).toEqual([]); // a Japanese mobile, not 0901 + 7 digits
    expect(landlinePhoneDetector.detect('0123-4567890')).toEqual([]);
  });

  it('skips 400/800 service numbers and mobiles', () => {
    expect(landlinePhoneDetector.detect('服务热线 400-810-8888、800-820-8820、4008108888')).toEqual([]);
    expect(landlinePhoneDetector.detect('手机 +86 138 1234 5678，013812345678')).toEqual([]);
  });

  it('does not fire inside longer digit runs, dates or codes', () => {
    expect(landlinePhoneDetector.detect('01012345678901')).toEqual([]);
    expect(landlinePhoneDetector.detect('编号2019-01012345678')).toEqual([]);
    expect(landlinePhoneDetector.detect('ABC07551234567')).toEqual([]);
    expect(landlinePhoneDetector.detect('12010-12345678')).toEqual([]);
    // Letters and a hyphen before, or a further hyphenated group after: a contract or project code.
    expect(landlinePhoneDetector.detect('一、合同编号：LC-0577-2024-0035\n二、合同名称：鹿城区政务外网视频会议系统升级改造采购合同')).toEqual([]);
    expect(landlinePhoneDetector.detect('项目编号：ZJWZ-CG-0571-86221547')).toEqual([]);
    expect(landlinePhoneDetector.detect('档案号 0571-86221547-2024-01')).toEqual([]);
  });

  it('keeps landline-shaped codes after a numbering label under the threshold, even next to 电话', () => {
    for (const text of [
      '受理编号0571-86221547，咨询电话另行告知',
      '合同编号：0577-2024-0035（联系电话见附件）',
      '批次 0571 2024 0315',
      '文号：0571-86221547',
    ]) {
      expect(reported(landlinePhoneDetector, text), text).toEqual([]);
      expect(engineFound(text, 'landline_phone'), text).toEqual([]);
    }
  });

  it('needs a phone word for three hyphen-separated groups', () => {
    expect(reported(landlinePhoneDetector, '登记序列 0577-2024-0035')).toEqual([]);
    expect(scoreOf(landlinePhoneDetector, '值班室电话：0571-8622-1547', '0571-8622-1547')).toBe(0.65);
  });

  it('scores numbers under a 联系电话 column header high through the engine', () => {
    const text = [
      '序号\t户主姓名\t家庭住址\t联系电话\t保障原因',
      '1\t吕桂香\t婺城区城北街道将军路南村58号\t0579-82316684\t因病致贫',
      '2\t邵彩萍\t婺城区城北街道环城北路358弄12号\t0579 8227 1935\t家庭成员失业',
    ].join('\n');
    expect(engineFound(text, 'landline_phone')).toEqual([
      ['0579-82316684', 0.9],
      ['0579 8227 1935', 0.9],
    ]);
    for (const w of ['电话', '联系电话', '联系方式', '办公电话', '座机', '传真']) expect(landlinePhoneDetector.contextWords).toContain(w);
  });

  it('gives every number of a list the label of the first, and takes a second local number under the same code', () => {
    const text = '逾期未领取的证件将按规定作废。咨询电话：0573 8283 6110，(0573)8283-6112，0573－82836115转8012。';
    expect(engineFound(text, 'landline_phone')).toEqual([
      ['0573 8283 6110', 0.9],
      ['(0573)8283-6112', 0.9],
      ['0573－82836115转8012', 0.9],
    ]);
    expect(engineFound('联系电话：0571-86221547/86221548（传真）', 'landline_phone')).toEqual([
      ['0571-86221547', 0.9],
      ['86221548', 0.8],
    ]);
  });
});

describe('e-mail addresses', () => {
  it('finds addresses glued to Chinese text and internationalised (punycode) domains', () => {
    const text = '整改报告发送至wzwaq@wenzhou.gov.cn，境外联络人邮箱a@xn--d1acufc.xn--p1ai。';
    expect(reported(emailDetector, text)).toEqual(['wzwaq@wenzhou.gov.cn', 'a@xn--d1acufc.xn--p1ai']);
  });

  it('does not take the user information of a URL for an address', () => {
    expect(emailDetector.detect('内网门户：http://user@www.example.com/portal')).toEqual([]);
    expect(emailDetector.detect('文件服务器 ftp://user:pass@files.example.gov.cn/pub')).toEqual([]);
    // An address after a URL is still an address; so is one inside a URL path.
    expect(reported(emailDetector, '网址：http://www.huzhou.gov.cn，邮箱：hzzwgk@huzhou.gov.cn')).toEqual(['hzzwgk@huzhou.gov.cn']);
    expect(reported(emailDetector, 'mailto:hzzwgk@huzhou.gov.cn')).toEqual(['hzzwgk@huzhou.gov.cn']);
  });
});

describe('passports', () => {
  it('finds E, E + letter and G numbers next to 护照', () => {
    const text = '出国（境）人员名单\n姓名\t护照号码\n张三\tE12345678\n李四\tEA1234567\n王五（旧护照）\tG12345678';
    expect(reported(passportDetector, text)).toEqual(['E12345678', 'EA1234567', 'G12345678']);
    expect(scoreOf(passportDetector, text, 'E12345678')).toBe(0.8);
  });

  it('keeps every shape under the threshold without context', () => {
    expect(scored(passportDetector, '型号E12345678')[0]!.score).toBe(0.35);
    for (const text of ['设备型号E12345678，数量26台', '编码EA1234567', 'EA1234567', '批次G20240315']) {
      expect(reported(passportDetector, text), text).toEqual([]);
      expect(engineFound(text, 'passport'), text).toEqual([]);
    }
  });

  it('keeps them with 护照 context, in the text or in the column header', () => {
    expect(engineFound('你本人的中国护照号码E73621984与本事项无关', 'passport')).toEqual([['E73621984', 0.95]]);
    expect(engineFound('该同志所持EA1234567号护照已于2024年3月过期', 'passport')).toEqual([['EA1234567', 0.8]]);
    const table = '序号\t姓名\t护照号码\t受理编号\n1\t沈志华\tEJ4821937\tJX2024051301';
    expect(engineFound(table, 'passport')).toEqual([['EJ4821937', 0.8]]);
  });

  it('respects the letter rules and boundaries', () => {
    expect(passportDetector.detect('编号EI1234567、EO1234567、E123456789、SE1234567、e12345678')).toEqual([]);
    expect(reported(passportDetector, '持护照E12345678出境')).toEqual(['E12345678']);
  });

  it('takes any number the text labels as a passport number', () => {
    const text = '外籍人员（护照号码：563218904）；7\t盛国良\t公务护照\tSE0281734';
    expect(reported(passportDetector, text)).toEqual(['563218904', 'SE0281734']);
    expect(passportDetector.detect('护照有效期至20300101，护照 2024年')).toEqual([]);
  });
});

describe('travel permits', () => {
  it('finds 港澳通行证 numbers with context only', () => {
    const text = '往来港澳通行证号码：C12345678；换发后为CA1234567';
    expect(reported(hkMacaoPermitDetector, text)).toEqual(['C12345678', 'CA1234567']);
    expect(reported(hkMacaoPermitDetector, '图纸编号C12345678')).toEqual([]);
    expect(hkMacaoPermitDetector.detect('通行证CI1234567、C123456789')).toEqual([]);
  });

  it('finds 台胞证 and 往来台湾通行证 numbers with context only', () => {
    const text = '台湾居民来往大陆通行证号码：12345678；大陆居民往来台湾通行证T87654321';
    expect(reported(taiwanPermitDetector, text)).toEqual(['12345678', 'T87654321']);
    expect(reported(taiwanPermitDetector, '台胞证 12345678(B)')).toEqual(['12345678(B)']);
    expect(reported(taiwanPermitDetector, '编号12345678')).toEqual([]);
    expect(reported(taiwanPermitDetector, '编号T12345678')).toEqual([]);
  });

  it('takes other letters when the text labels the permit', () => {
    expect(reported(taiwanPermitDetector, '5\t屠振宇\t往来台湾通行证\tL23150968')).toEqual(['L23150968']);
    expect(reported(hkMacaoPermitDetector, '往来港澳通行证 W12345678')).toEqual(['W12345678']);
  });

  it('skips dates and amounts near Taiwan context', () => {
    expect(taiwanPermitDetector.detect('台胞证有效期至20300101')).toEqual([]);
    expect(taiwanPermitDetector.detect('对台湾地区出口额12345678万元')).toEqual([]);
    expect(taiwanPermitDetector.detect('台胞证号码123456789')).toEqual([]);
  });
});

describe('vehicle plates', () => {
  it('finds ordinary, dotted, purpose and new-energy plates', () => {
    const text = '车牌号：京A12345、粤B·1234X、粤Z1234港、京AD12345、沪A12345D、苏E 9A87B';
    expect(reported(vehiclePlateDetector, text)).toEqual(['京A12345', '粤B·1234X', '粤Z1234港', '京AD12345', '沪A12345D', '苏E 9A87B']);
  });

  it('finds plates in a tab-separated table', () => {
    const text = '序号\t车牌号码\t车辆类型\n1\t浙A12345\t小型轿车\n2\t川AF12345\t新能源';
    expect(reported(vehiclePlateDetector, text)).toEqual(['浙A12345', '川AF12345']);
  });

  it('scores plates under a 号牌号码 column header high through the engine', () => {
    const text = '以下机动车多次违法停车，现予曝光：\n号牌号码\t违法地点\t违法次数\n浙F·3K7M2\t中山路与禾兴路交叉口\t7\n沪B9Q231\t勤俭路\t4';
    for (const [, score] of engineFound(text, 'vehicle_plate')) expect(score).toBeGreaterThan(0.7);
    expect(engineFound(text, 'vehicle_plate').map(([t]) => t)).toEqual(['浙F·3K7M2', '沪B9Q231']);
    for (const w of ['车牌', '号牌', '车辆', '牌照']) expect(vehiclePlateDetector.contextWords).toContain(w);
  });

  it('excludes obvious non-plates', () => {
    for (const t of ['京ICP备05087018号', '京公网安备11010502030143号', '沪B2-20100082', '京ABCDE', '京A123456', '京I12345', '港A12345', '京a12345']) {
      expect(vehiclePlateDetector.detect(t), t).toEqual([]);
    }
  });
});

describe('IP addresses', () => {
  it('finds IPv4 and IPv6 addresses in a 网络配置 paragraph', () => {
    const text = '服务器IP地址：202.96.134.133，内网地址192.168.1.100，IPv6地址2001:db8::8a2e:370:7334，网关fe80::1%eth0。';
    expect(reported(ipAddressDetector, text)).toEqual(['202.96.134.133', '192.168.1.100', '2001:db8::8a2e:370:7334', 'fe80::1%eth0']);
    expect(scored(ipAddressDetector, text).find((f) => f.text === '192.168.1.100')!.candidate.evidence).toEqual(['私有地址（RFC 1918）']);
  });

  it('reports one span for IPv4-embedded IPv6 and keeps CIDR suffixes', () => {
    expect(reported(ipAddressDetector, '映射地址 ::ffff:192.0.2.1')).toEqual(['::ffff:192.0.2.1']);
    expect(reported(ipAddressDetector, '网段 10.12.0.0/16 与 2001:db8::/32')).toEqual(['10.12.0.0/16', '2001:db8::/32']);
  });

  it('skips masks, loopback and unspecified addresses even with context', () => {
    expect(reported(ipAddressDetector, 'IP地址：127.0.0.1，子网掩码：255.255.255.0，默认0.0.0.0，IPv6 ::1 与 ::')).toEqual([]);
  });

  it('never reports clause and section numbers, even with context', () => {
    expect(reported(ipAddressDetector, '依据第3.2.1.4条')).toEqual([]);
    expect(reported(ipAddressDetector, '服务器配置按第10.1.2.3条执行')).toEqual([]);
    expect(reported(ipAddressDetector, '一、总体要求\n10.1.2.1 服务器与网络地址规划\n……')).toEqual([]);
    expect(reported(ipAddressDetector, '（三）10.2.1.3 数据安全与服务器管理')).toEqual([]);
    expect(reported(ipAddressDetector, '服务器机房建设应符合本规范10.2.1.3的要求')).toEqual([]);
    expect(reported(ipAddressDetector, '政务外网接入终端累计10.5.3.2万台')).toEqual([]);
  });

  it('needs context for dotted quads of one- and two-digit octets outside 10/8', () => {
    expect(reported(ipAddressDetector, '圆周率约为3.14.15.92，此处为示意')).toEqual([]);
    expect(reported(ipAddressDetector, '依据GB/T 22239附录 1.2.3.4 执行')).toEqual([]);
    expect(reported(ipAddressDetector, '攻击源IP为3.14.15.92')).toEqual(['3.14.15.92']);
  });

  it('reports internal addresses at least as high as public ones, over 0.7 with context', () => {
    const text = 'DNS Primary: 10.0.0.1, Secondary: 10.0.0.2';
    expect(reported(ipAddressDetector, 'Primary: 10.0.0.1, Secondary: 10.0.0.2')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(scoreOf(ipAddressDetector, text, '10.0.0.1')).toBeGreaterThan(0.7);
    const notice = [
      '二、某区政务服务平台测试环境（10.32.18.205，端口8080）未关闭，存在弱口令。',
      '管理地址：MCU 172.20.14.10，网管平台 172.20.14.11:8443；政务外网出口 59.202.58.33',
      '内网服务器 192.168.10.25 与门户网站服务器 115.231.42.187 同时受影响。',
    ].join('\n');
    const scores = Object.fromEntries(engineFound(notice, 'ip_address'));
    for (const ip of ['10.32.18.205', '172.20.14.10', '172.20.14.11', '192.168.10.25']) expect(scores[ip], ip).toBeGreaterThan(0.7);
    expect(scores['192.168.10.25']).toBeGreaterThanOrEqual(scores['115.231.42.187']!);
    expect(scored(ipAddressDetector, '10.32.18.205')[0]!.prior).toBeGreaterThanOrEqual(scored(ipAddressDetector, '115.231.42.187')[0]!.prior);
    expect(scored(ipAddressDetector, '10.0.0.1')[0]!.prior).toBeGreaterThanOrEqual(scored(ipAddressDetector, '8.8.8.8')[0]!.prior);
  });

  it('reports a CIDR block as one span, and takes a port or URL as evidence', () => {
    expect(reported(ipAddressDetector, '路由 10.1.0.0/16')).toEqual(['10.1.0.0/16']);
    expect(reported(ipAddressDetector, '政务外网划分10.1.0.0/16网段')).toEqual(['10.1.0.0/16']);
    expect(reported(ipAddressDetector, '服务器地址为10.0.0.1')).toEqual(['10.0.0.1']);
    expect(scored(ipAddressDetector, '访问 http://10.1.2.3/login')[0]!.prior).toBe(0.8);
  });

  it('rejects version numbers, invalid octets, times, ratios and scopes', () => {
    for (const t of ['版本1.2.3.4.5', 'V10.20.30.40', '256.1.1.1', '192.168.01.1', '12:34:56', '比例1:2:3:4', 'std::cout', 'aa:bb:cc:dd:ee:ff', '2001::db8::1', 'fe80::1text']) {
      expect(ipAddressDetector.detect(t), t).toEqual([]);
    }
  });

  it('validates IPv6 structure', () => {
    expect(isIpv6('2001:db8:85a3:0:0:8a2e:370:7334')).toBe(true);
    expect(isIpv6('0:0:0:0:0:FFFF:129.144.52.38')).toBe(true);
    expect(isIpv6('684D:1111:222:3333:4444:5555:77')).toBe(false);
    expect(isIpv6('1.2.3.4::')).toBe(false);
  });
});

describe('dates of birth', () => {
  it('finds dates after a keyword, before 出生/生, and in Chinese numerals', () => {
    const text = [
      '出生日期：1985-03-12',
      '出生年月：1985.03',
      '生日：19850312',
      '王某，生于1990年11月5日，户籍地北京市。',
      '张三，男，汉族，1975年3月生，大学学历，现任某局科员。',
      '李四，一九八五年三月十二日出生。',
      '出生日期：1985-03/12（原表笔误）',
    ].join('\n');
    expect(reported(birthDateDetector, text)).toEqual([
      '1985-03-12',
      '1985.03',
      '19850312',
      '1990年11月5日',
      '1975年3月',
      '一九八五年三月十二日',
      '1985-03/12',
    ]);
  });

  it('finds dates in a table column headed 出生年月', () => {
    const text = '拟录用人员名单\n序号\t姓名\t性别\t出生年月\t学历\n1\t张三\t男\t1985.03\t本科\n2\t李四\t女\t1990年11月\t硕士\n（公示期5个工作日）\n2024.03';
    expect(reported(birthDateDetector, text)).toEqual(['1985.03', '1990年11月']);
  });

  it('forgets a column at the end of its table, and finds it again in the next table', () => {
    const text = '姓名\t出生年月\n张三\t1985.03\n说明\n1990.01\t1991.02\n李四\t1992.03\n\n单位\t姓名\t生日\n税务局\t王五\t1993.04';
    expect(reported(birthDateDetector, text)).toEqual(['1985.03', '1993.04']);
  });

  it('finds a date before 生 or 出生 wherever it ends, and one date per 生', () => {
    const text = '赵六（19850312出生）；钱七，1986年4月生，汉族；孙八2001.5.6生人。发生于2021年5月12日。1987年生产总值';
    expect(reported(birthDateDetector, text)).toEqual(['19850312', '1986年4月', '2001.5.6']);
  });

  it('does not report ordinary dates or look-alike words', () => {
    for (const t of [
      '本办法自2024年3月1日起施行。',
      '问题产生于2019年3月。',
      '发生于2021年5月12日的事故',
      '自2020年3月生效',
      '2023年1月出生人口12.3万',
      '出生日期：1985-13-12',
      '出生日期：1985-02-30',
      '出生日期：1985-03-123',
      '会议时间 1985-03-12',
    ]) {
      expect(birthDateDetector.detect(t), t).toEqual([]);
    }
  });

  it('splits tables into trimmed cells with offsets', () => {
    const text = '姓名\t出生年月\n 张三 \t 1985.03 ';
    const [cell] = cellsUnderHeader(text, /^出生年月$/);
    expect(cell).toMatchObject({ text: '1985.03' });
    expect(text.slice(cell!.start, cell!.end)).toBe('1985.03');
  });
});

describe('social insurance numbers', () => {
  it('finds numbers after a label and in a labelled column', () => {
    const text = '社保卡号：A12345678，医保编号 3301234567\n姓名\t社会保障卡号\n张三\t1234567890';
    expect(reported(socialInsuranceDetector, text)).toEqual(['A12345678', '3301234567', '1234567890']);
  });

  it('reports a labelled number as social_insurance even when it is a valid resident ID, which id_card reports too', () => {
    const text = `你本人的社会保障号码${PERSON_ID}与本事项无关，已从卷宗中删除；社保号：990000199001011234`;
    expect(reported(socialInsuranceDetector, text)).toEqual([PERSON_ID, '990000199001011234']);
    expect(scored(socialInsuranceDetector, text)[0]!.candidate.evidence).toContain('同时符合公民身份号码校验（社会保障号码即公民身份号码）');
    expect(reported(residentIdDetector, text)).toEqual([PERSON_ID]);
    // The engine keeps one finding per type on the span; accepting either redacts the same characters.
    const onSpan = scanText(text).filter((f) => f.text === PERSON_ID);
    expect(onSpan.map((f) => f.type).sort()).toEqual(['id_card', 'social_insurance']);
    for (const f of onSpan) {
      const spans = planRedactions(text, onSpan, new Map([[f.id, { decision: 'accepted' }]]));
      expect(spans).toMatchObject([{ start: f.start, end: f.end, replacement: '■'.repeat(18) }]);
    }
    expect(planRedactions(text, onSpan, new Map(onSpan.map((f) => [f.id, { decision: 'accepted' }])))).toHaveLength(1);
  });

  it('takes the whole of a spaced or full-width ID after the label', () => {
    expect(reported(socialInsuranceDetector, '社会保障号码 110105 19491231 002X。')).toEqual(['110105 19491231 002X']);
    expect(reported(socialInsuranceDetector, '社保卡号：１１０１０５１９４９１２３１００２Ｘ')).toEqual(['１１０１０５１９４９１２３１００２Ｘ']);
    expect(reported(socialInsuranceDetector, '社保卡号：A12345678 2024年')).toEqual(['A12345678']);
  });

  it('needs the label', () => {
    expect(socialInsuranceDetector.detect('编号 A12345678；社保缴费基数12345元；医保号：待补录')).toEqual([]);
  });
});

describe('resident ID numbers (region table and 15-digit numbers)', () => {
  it('scores a valid ID 1 whether its region code is current or abolished, naming an abolished one', () => {
    expect(residentIdDetector.detect(PERSON_ID)[0]).toMatchObject({ score: 1, validation: { passed: true, failed: [] } });
    const [c] = residentIdDetector.detect(`户籍：${ID_ABOLISHED_REGION}`);
    expect(c).toMatchObject({ score: 1, validation: { name: 'gb11643', passed: true, failed: ['region_current'] } });
    expect(c!.evidence![0]).toContain('440524');
  });

  it('reads full-width digits and the region-date-rest spacing', () => {
    const fullWidth = '１１０１０５１９４９１２３１００２Ｘ';
    expect(reported(residentIdDetector, `身份证号${fullWidth}，手机`)).toEqual([fullWidth]);
    expect(residentIdDetector.detect(`公民身份号码 110105 19491231 002X。`)[0]).toMatchObject({ score: 1 });
    expect(residentIdDetector.detect('1 110105 19491231 002X')).toEqual([]);
  });

  it('keeps check-character failures as weak evidence (0.35), and leaves unified social credit codes alone', () => {
    expect(residentIdDetector.detect('110105194912310021')[0]).toMatchObject({ score: 0.35, validation: { failed: ['checksum'] } });
    expect(residentIdDetector.detect('证件号码：913101203509708598')).toEqual([]);
  });

  it('finds 15-digit numbers with a valid region and date, lower without context', () => {
    expect(checkResidentId15('610104620927690')).toEqual({ region: true, birthDate: true });
    expect(scored(residentIdDetector, '610104620927690')).toMatchObject([{ score: 0.45 }]);
    expect(scoreOf(residentIdDetector, '身份证号：610104620927690', '610104620927690')).toBe(0.8);
    expect(scored(residentIdDetector, '身份证号：440524800101123')).toMatchObject([{ prior: 0.35, score: 0.7 }]);
  });

  it('drops 15-digit numbers with a bad date or region, registration numbers and longer runs', () => {
    expect(residentIdDetector.detect('610104621332690')).toEqual([]);
    expect(residentIdDetector.detect('990104620927690')).toEqual([]);
    expect(residentIdDetector.detect('营业执照注册号：110108620927690')).toEqual([]);
    expect(residentIdDetector.detect('1610104620927690')).toEqual([]);
  });
});

describe('all identifier detectors', () => {
  it('have stable ids, version 1, personal category and a basis', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DETECTORS) {
      expect(d.version).toBe(1);
      expect(d.category).toBe('personal');
      expect(d.basis).toContain('第十五条');
    }
  });

  it('are deterministic and return spans inside the text', () => {
    const text = `联系电话：010-12345678，卡号${ICBC_19}，护照E12345678，车牌京A12345，IP 10.1.2.3，出生日期：1985-03-12，社保卡号：A12345678`;
    for (const d of DETECTORS) {
      const a = d.detect(text);
      expect(d.detect(text)).toEqual(a);
      for (const c of a) {
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.end).toBeLessThanOrEqual(text.length);
        expect(c.end).toBeGreaterThan(c.start);
      }
    }
  });

  it('stay fast on adversarial input (no catastrophic backtracking)', () => {
    const inputs = [
      '1'.repeat(50_000),
      '1 '.repeat(25_000),
      '1.'.repeat(25_000),
      '1:'.repeat(25_000),
      ':'.repeat(50_000),
      'a:'.repeat(25_000),
      '0755-'.repeat(10_000),
      '京A'.repeat(25_000),
      '出生'.repeat(25_000),
      '社保号'.repeat(10_000) + '1'.repeat(1000),
      '1\t'.repeat(25_000),
      '1-'.repeat(25_000),
      '6222 '.repeat(10_000) + 'x',
      'a@'.repeat(25_000),
      'x@' + 'a.'.repeat(25_000),
      'http://' + 'a'.repeat(50_000) + '@b.cn',
      '10.0.0.1 '.repeat(5_000),
    ];
    for (const d of DETECTORS) {
      for (const input of inputs) {
        const t0 = performance.now();
        d.detect(input);
        expect(performance.now() - t0, `${d.id} on ${JSON.stringify(input.slice(0, 8))}`).toBeLessThan(1500);
      }
    }
  });
});
