import { describe, expect, it } from 'vitest';
import { lookupBin } from '../../shared/rules/data/unionpay-bins';
import { areaCodeLengths } from '../../shared/rules/data/area-codes';
import { isCurrentRegionCode } from '../../shared/rules/data/region-codes';
import type { Detector } from '../../shared/rules/detector';
import { bankCardDetector } from '../../shared/rules/detectors/bank-card';
import { birthDateDetector, cellsUnderHeader } from '../../shared/rules/detectors/birth-date';
import { ipAddressDetector, isIpv6 } from '../../shared/rules/detectors/ip-address';
import { landlinePhoneDetector } from '../../shared/rules/detectors/landline-phone';
import { passportDetector } from '../../shared/rules/detectors/passport';
import { residentIdDetector } from '../../shared/rules/detectors/resident-id';
import { socialInsuranceDetector } from '../../shared/rules/detectors/social-insurance';
import { hkMacaoPermitDetector, taiwanPermitDetector } from '../../shared/rules/detectors/travel-permit';
import { vehiclePlateDetector } from '../../shared/rules/detectors/vehicle-plate';
import { CONTEXT_WINDOW } from '../../shared/rules/engine';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { checkResidentId15, isCurrentRegion, isValidProvince } from '../../shared/rules/validators/gb11643';
import { luhnCheckDigit, luhnValid } from '../../shared/rules/validators/luhn';
import { PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';

const THRESHOLD = DEFAULT_RULE_SET.threshold;

const DETECTORS: readonly Detector[] = [
  bankCardDetector,
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
    // A card number followed by an unrelated number keeps only the card.
    expect(reported(bankCardDetector, `卡号 ${ICBC_19} 2024年`)).toEqual([ICBC_19]);
  });

  it('accepts hyphen grouping and 16- and 18-digit cards', () => {
    expect(reported(bankCardDetector, '信用卡 6221-5500-1234-5678 已冻结')).toEqual(['6221-5500-1234-5678']);
    expect(reported(bankCardDetector, `储蓄卡：${KMRCU_18}`)).toEqual([KMRCU_18]);
    expect(reported(bankCardDetector, `${PINGAN_16}`)).toEqual([PINGAN_16]);
  });

  it('keeps a number failing Luhn with no BIN and no context under the threshold, and lets context lift it', () => {
    expect(scored(bankCardDetector, '数据 6234567890123456 条')).toMatchObject([{ score: 0.15 }]);
    expect(reported(bankCardDetector, '数据 6234567890123456 条')).toEqual([]);
    expect(reported(bankCardDetector, '银行卡号：6234567890123456')).toEqual(['6234567890123456']);
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
  });
});

describe('passports', () => {
  it('finds E, E + letter and G numbers next to 护照', () => {
    const text = '出国（境）人员名单\n姓名\t护照号码\n张三\tE12345678\n李四\tEA1234567\n王五（旧护照）\tG12345678';
    expect(reported(passportDetector, text)).toEqual(['E12345678', 'EA1234567', 'G12345678']);
    expect(scoreOf(passportDetector, text, 'E12345678')).toBe(0.85);
  });

  it('keeps the score modest without context', () => {
    expect(scored(passportDetector, '型号E12345678')[0]!.score).toBe(0.4);
    expect(reported(passportDetector, '批次G20240315')).toEqual([]);
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

  it('needs context for clause-like dotted quads', () => {
    expect(reported(ipAddressDetector, '依据第3.2.1.4条')).toEqual([]);
    expect(reported(ipAddressDetector, '路由 10.1.0.0/16')).toEqual(['10.1.0.0/16']);
    expect(reported(ipAddressDetector, '服务器地址为10.0.0.1')).toEqual(['10.0.0.1']);
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

  it('leaves numbers the resident-ID detector reports to it, and reports implausible ID-shaped ones', () => {
    const text = `社会保障号码：${PERSON_ID}；社保号：990000199001011234`;
    expect(reported(socialInsuranceDetector, text)).toEqual(['990000199001011234']);
    expect(reported(residentIdDetector, text)).toEqual([PERSON_ID]);
  });

  it('needs the label', () => {
    expect(socialInsuranceDetector.detect('编号 A12345678；社保缴费基数12345元；医保号：待补录')).toEqual([]);
  });
});

describe('resident ID numbers (region table and 15-digit numbers)', () => {
  it('scores a current region 1 and an abolished one 0.95 with region_current', () => {
    expect(residentIdDetector.detect(PERSON_ID)[0]).toMatchObject({ score: 1, validation: { passed: true, failed: [] } });
    const [c] = residentIdDetector.detect(`户籍：${ID_ABOLISHED_REGION}`);
    expect(c).toMatchObject({ score: 0.95, validation: { name: 'gb11643', passed: false, failed: ['region_current'] } });
    expect(c!.evidence![0]).toContain('440524');
  });

  it('reads full-width digits and the region-date-rest spacing', () => {
    const fullWidth = '１１０１０５１９４９１２３１００２Ｘ';
    expect(reported(residentIdDetector, `身份证号${fullWidth}，手机`)).toEqual([fullWidth]);
    expect(residentIdDetector.detect(`公民身份号码 110105 19491231 002X。`)[0]).toMatchObject({ score: 1 });
    expect(residentIdDetector.detect('1 110105 19491231 002X')).toEqual([]);
  });

  it('keeps check-character failures at 0.45, and leaves unified social credit codes alone', () => {
    expect(residentIdDetector.detect('110105194912310021')[0]).toMatchObject({ score: 0.45, validation: { failed: ['checksum'] } });
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
