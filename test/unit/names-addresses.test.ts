import { describe, expect, it } from 'vitest';
import { SURNAMES } from '../../shared/rules/data/surnames';
import { CITY_NAMES, COUNTY_NAMES, COUNTY_SHORT_NAMES, PROVINCE_NAMES, PROVINCE_SHORT_NAMES } from '../../shared/rules/data/region-names';
import type { Candidate } from '../../shared/rules/detector';
import { addressDetector } from '../../shared/rules/detectors/address';
import { personNameDetector } from '../../shared/rules/detectors/person-name';
import { NOTICE_TEXT, PERSON_ID, PERSON_ID_2, noticeDocx } from '../fixtures/samples';
import { importDocx } from '../../electron/node/importers/docx';

type Hit = [text: string, score: number];

function names(text: string): Hit[] {
  return personNameDetector.detect(text).map((c) => [text.slice(c.start, c.end), c.score]);
}
function nameTexts(text: string): string[] {
  return names(text).map(([t]) => t);
}
function addresses(text: string): Hit[] {
  return addressDetector.detect(text).map((c) => [text.slice(c.start, c.end), c.score]);
}
function find(cands: Candidate[], text: string, value: string): Candidate | undefined {
  return cands.find((c) => text.slice(c.start, c.end) === value);
}

describe('name and region data', () => {
  it('has surnames with frequencies, compound ones included and in simplified characters', () => {
    const map = new Map(SURNAMES);
    expect(map.get('王')).toBeGreaterThan(5000);
    for (const s of ['欧阳', '司马', '上官', '诸葛', '慕容', '万俟', '钟离']) expect(map.has(s), s).toBe(true);
    expect(map.has('歐陽')).toBe(false);
    expect(SURNAMES.length).toBeGreaterThan(1000);
  });

  it('has provinces, cities and counties with short forms', () => {
    expect(PROVINCE_NAMES).toContain('广东省');
    expect(PROVINCE_SHORT_NAMES).toEqual(expect.arrayContaining(['广东', '内蒙古', '新疆', '西藏', '广西']));
    expect(CITY_NAMES).toContain('张家口市');
    expect(COUNTY_NAMES).toContain('南山区');
    expect(COUNTY_SHORT_NAMES).toEqual(expect.arrayContaining(['南山', '万柏林', '浦东']));
  });
});

describe('person names: labelled fields', () => {
  it('finds 联系人：王芳 and ends the name before the next field', () => {
    const text = '联系人：王芳，联系电话：13812345678。';
    const [c] = personNameDetector.detect(text);
    expect(text.slice(c!.start, c!.end)).toBe('王芳');
    expect(c!.score).toBeGreaterThanOrEqual(0.85);
    expect(c!.evidence).toEqual(expect.arrayContaining(['label 联系人', 'surname 王']));
    expect(nameTexts('联系人：王芳电话13812345678')).toEqual(['王芳']);
    expect(nameTexts('联系人:  李建国  手机 13812345678')).toEqual(['李建国']);
  });

  it('finds 申请人李明 without a colon, a little lower', () => {
    const [hit] = names(`申请人李明，公民身份号码：${PERSON_ID}。`);
    expect(hit).toEqual(['李明', 0.8]);
  });

  it('finds compound surnames: 户主：欧阳娜娜', () => {
    const text = '户主：欧阳娜娜　与户主关系：本人';
    const cands = personNameDetector.detect(text);
    expect(cands.map((c) => text.slice(c.start, c.end))).toEqual(['欧阳娜娜']);
    expect(cands[0]!.evidence).toEqual(expect.arrayContaining(['label 户主', 'surname 欧阳']));
  });

  it('reads the labels of decisions and forms', () => {
    expect(nameTexts('被申请人：赵强，男，汉族，1970年出生，住址略。')).toEqual(['赵强']);
    expect(nameTexts('委托代理人：孙丽，广东某某律师事务所律师。')).toEqual(['孙丽']);
    expect(nameTexts('姓　名：王　芳')).toEqual(['王　芳']);
    expect(nameTexts('经办人：丁文政')).toEqual(['丁文政']);
    expect(nameTexts('法定代表人：司马光明')).toEqual(['司马光明']);
  });

  it('follows an enumeration after a labelled name', () => {
    expect(nameTexts('联系人：张伟、李娜、王秀英，电话：0755-12345678')).toEqual(['张伟', '李娜', '王秀英']);
    expect(nameTexts('拟表彰人员名单：张三、李四、王五')).toEqual(['张三', '李四', '王五']);
  });

  it('reads qualifiers between a label and its colon', () => {
    expect(nameTexts('申请人（签字）：王芳')).toEqual(['王芳']);
    expect(nameTexts('联系人及电话：李建国 13800000000')).toEqual(['李建国']);
    expect(nameTexts('经办人签名：周敏')).toEqual(['周敏']);
    expect(nameTexts('申请人（盖章）：深圳市某公司')).toEqual([]);
  });

  it('does not take organisations or placeholders for names', () => {
    expect(names('申请人：深圳市某某科技有限公司')).toEqual([]);
    expect(names('联系人：市政府办公室')).toEqual([]);
    expect(names('负责人：（签字）')).toEqual([]);
    expect(names('申请人：本人')).toEqual([]);
    expect(names('申请人：代表团')).toEqual([]);
  });
});

describe('person names: tables', () => {
  it('reads the 姓名 column of a DOCX-like 公示 table (tab-separated rows)', () => {
    const text = [
      '2024年度城乡低保对象公示名单',
      '序号\t姓名\t性别\t身份证号\t家庭住址',
      `1\t赵强\t男\t${PERSON_ID_2}\t深圳市南山区桃源街道龙珠花园3栋201`,
      `2\t欧阳娜娜\t女\t${PERSON_ID}\t深圳市南山区西丽街道麻磡村5组12号`,
      '3\t王　芳\t女\t110101199003070000\t深圳市南山区粤海街道科技园路1号',
      '4\t阿依古丽·买买提\t女\t110101199003070001\t新疆维吾尔自治区乌鲁木齐市天山区和平路8号',
      '',
      '公示期间如有异议，请与市民政局联系。',
    ].join('\n');
    const cands = personNameDetector.detect(text);
    expect(cands.map((c) => text.slice(c.start, c.end))).toEqual(['赵强', '欧阳娜娜', '王　芳', '阿依古丽·买买提']);
    const row = find(cands, text, '赵强')!;
    expect(row.score).toBeGreaterThanOrEqual(0.9);
    expect(row.evidence).toContain('table column 姓名');
  });

  it('reads comma and space separated tables, and stops at a row with another shape', () => {
    const csv = '姓名,性别,年龄\n李小龙,男,35\n陈美玲,女,28\n李家村,集体,3\n合计,2人\n周华强,40,教师';
    expect(nameTexts(csv)).toEqual(['李小龙', '陈美玲']);
    const spaced = '序号  户主姓名  家庭人口\n1  张建国  4\n2  周  敏  3';
    expect(nameTexts(spaced)).toEqual(['张建国']);
  });

  it('takes a cell without a known surname at a lower score', () => {
    const [hit] = names('姓名\t性别\n仉督明\t男');
    expect(hit![1]).toBeGreaterThanOrEqual(0.7);
  });

  it('finds the name of the fixture DOCX table through the importer', () => {
    const doc = importDocx(noticeDocx());
    const found = nameTexts(doc.text);
    expect(found).toEqual(expect.arrayContaining(['李明', '王芳', '赵强']));
  });
});

describe('person names: titles and running text', () => {
  it('finds 张某某同志 and names before titles', () => {
    expect(nameTexts('经研究，同意张某某同志的申请。')).toEqual(['张某某']);
    const text = '县两公开领导小组组长、常务副县长庄辉俊同志明确批示';
    const [c] = personNameDetector.detect(text);
    expect(text.slice(c!.start, c!.end)).toBe('庄辉俊');
    expect(c!.evidence).toEqual(expect.arrayContaining(['title 同志']));
    expect(nameTexts('张三、李四、王五同志参加了培训。')).toEqual(['张三', '李四', '王五']);
  });

  it('finds 公示 style "姓名，男，" entries', () => {
    expect(nameTexts('刘建华，男，汉族，1975年3月出生，中共党员。')).toEqual(['刘建华']);
  });

  it('finds reported speech at a lower score', () => {
    const hits = names('市民王小明表示，政务公开让办事更方便。');
    expect(hits.map(([t]) => t)).toEqual(['王小明']);
    expect(hits[0]![1]).toBeLessThan(0.8);
    expect(nameTexts('据介绍，李建军指出，要严格落实公开前保密审查机制。')).toEqual(['李建军']);
    const [only] = names('黄卫东说，这项工作很重要。');
    expect(only![1]).toBeGreaterThanOrEqual(0.5);
    expect(only![1]).toBeLessThanOrEqual(0.6);
  });

  it('chooses the right length next to roles (主任陈刚, 记者马力通讯员)', () => {
    expect(nameTexts('办公室主任陈刚介绍说')).toEqual(['陈刚']);
    expect(nameTexts('本报记者马力通讯员于士瑞报道')).toContain('马力');
  });

  it('finds officials like anyone else (the allow-list decides)', () => {
    expect(nameTexts('市政府秘书长邓前卫出席会议并讲话。')).toEqual(['邓前卫']);
  });
});

describe('person names: negatives in official prose', () => {
  const negatives = [
    '王府井大街是北京著名的商业街。',
    '张家口市积极推进政务公开标准化规范化工作。',
    '李家村位于县城东部，全村共有农户312户。',
    '北京市人民政府关于印发政务公开工作要点的通知',
    '2023年度政府信息公开工作年度报告',
    '市政府主要负责同志要切实负起领导责任。',
    '各位负责政务公开工作的同志，要以这次培训为契机。',
    '方案指出，要高度重视政务舆情回应工作。',
    '文件要求，健全公开前保密审查机制。',
    '全体同志要认真学习。',
    '克林顿说，他将访问中国。',
    '韩国表示欢迎。',
    '有关专家认为，应当加快立法。',
    '黄河流域生态保护和高质量发展',
    '方便其他群众查阅。',
  ];
  for (const text of negatives) {
    it(`finds no name in ${text}`, () => {
      expect(names(text)).toEqual([]);
    });
  }

  it('keeps the fixture notice to its two labelled persons', () => {
    expect(nameTexts(NOTICE_TEXT)).toEqual(['李明', '王芳']);
  });
});

describe('person names: fields of replies, notices and minutes', () => {
  it('finds the salutation line of a 依申请公开 reply (a line that is only a name and a colon)', () => {
    const text = [
      '杭州市规划和自然资源局',
      '政府信息公开申请答复书',
      '杭规划资源依申复〔2024〕第0315号',
      '黄立新：',
      '本机关于2024年3月15日收到您通过信函方式提交的《政府信息公开申请表》。',
      '经审查，现答复如下：',
      '附件：',
      '1.评估报告（节选）',
    ].join('\n');
    const hits = names(text);
    expect(hits.map(([t]) => t)).toEqual(['黄立新']);
    expect(hits[0]![1]).toBeGreaterThanOrEqual(0.85);
    expect(nameTexts('王芳同志：\n你于2024年5月反映的问题已收悉。')).toEqual(['王芳']);
    expect(nameTexts('尊敬的虞海波代表：\n您提出的《关于加快海岛学校校舍改造的建议》收悉。')).toEqual(['虞海波']);
    expect(nameTexts('尊敬的各位代表：\n现将有关情况报告如下。')).toEqual([]);
  });

  it('finds a name after a department in a contact field, and a second contact after ；', () => {
    const text = [
      '联系人：市政府办公室政务公开科 潘志刚，电话：0572-2399158，手机：13857226615；',
      '闻晓静，电话：（0572）2399160，手机：15105822739。',
      '市大数据局 戴云飞，电话：2398722，邮箱：dyf@hzdata.gov.cn。',
    ].join('\n');
    const hits = names(text);
    expect(hits.map(([t]) => t)).toEqual(['潘志刚', '闻晓静', '戴云飞']);
    for (const [, score] of hits) expect(score).toBeGreaterThanOrEqual(0.85);
    expect(nameTexts('联系人：区政府办公室政务公开科 楼佳琪，联系电话：0571-87801362。')).toEqual(['楼佳琪']);
    expect(nameTexts('联系人：县财政局预算科 许明亮；县民政局社会救助科 唐晓燕，电话：0572-8051234')).toEqual(['许明亮', '唐晓燕']);
    expect(nameTexts('抄送：杭州市信访局，西湖区公安分局（沈建平，18906718824）')).toEqual(['沈建平']);
  });

  it('finds the contact before a number written with or without its area code, found from the number backwards', () => {
    for (const number of ['13857226615', '（0572）2399160', '(010)62345678', '0571-87801362', '057187801362', '0572 －8051234'.replace(' ', '')]) {
      expect(nameTexts(`办理进度请询问：潘志刚，${number}。`), number).toEqual(['潘志刚']);
    }
    expect(nameTexts('情况说明\n胡晓梅， 13857226615')).toEqual(['胡晓梅']);
    // Not a telephone: too many digits, a price, no delimiter before the name, a name glued to a longer run of Han.
    expect(nameTexts('发票代码：潘志刚，1234567890123456')).toEqual([]);
    expect(nameTexts('合计金额，1200000元')).toEqual([]);
    expect(nameTexts('办理进度请询问区政府办公室政务公开科潘志刚电话13857226615')).toEqual([]);
  });

  it('reads the attendance lists of minutes, with bracketed units', () => {
    const text = [
      '出席：胡建明、赵立平、孙海燕、邹文博',
      '列席：蒋晨（市数据资源局）、叶青（市财政局）',
      '请假：司马红（出差）',
      '记录：汪佳敏',
    ].join('\n');
    const hits = names(text);
    expect(hits.map(([t]) => t)).toEqual(['胡建明', '赵立平', '孙海燕', '邹文博', '蒋晨', '叶青', '司马红', '汪佳敏']);
    for (const [, score] of hits) expect(score).toBeGreaterThanOrEqual(0.85);
    expect(nameTexts('参会人员：市发展改革委 郑凯 市财政局 林涛')).toEqual([]);
    expect(nameTexts('参会人员：郑凯 林涛 何嘉怡')).toEqual(['郑凯', '林涛', '何嘉怡']);
    expect(nameTexts('联系人：张伟（市财政局）、李娜（市民政局），电话：0755-12345678')).toEqual(['张伟', '李娜']);
  });

  it('reads the 项目经理 column of a bid record and the 车主 of a violation notice', () => {
    const text = [
      '序号\t投标人\t统一社会信用代码\t投标报价（元）\t工期（日历天）\t项目经理',
      '1\t浙江华越建设有限公司\t91330521MA28C5XK3R\t5,438,612.50\t120\t邵立军',
      '2\t湖州恒达交通工程有限公司\t91330500704759812D\t5,502,008.00\t110\t凌云',
    ].join('\n');
    expect(names(text)).toEqual([
      ['邵立军', 0.9],
      ['凌云', 0.9],
    ]);
    const notice = '请上述车辆所有人（浙F·3K7M2车主江海涛，身份证号330402197805032118）于15日内接受处理；车主吕晓（公民身份号码330421198511203620）逾期未处理。';
    expect(nameTexts(notice)).toEqual(['江海涛', '吕晓']);
    expect(names('评标委员会推荐浙江华越建设有限公司为第一中标候选人，项目经理邵立军（注册证书编号：浙1332018201912345）。')).toEqual([['邵立军', 0.8]]);
  });

  it('finds four-character names with a double surname in a labelled field', () => {
    expect(nameTexts('申请人：陈林美珠，联系电话：13800000000')).toEqual(['陈林美珠']);
    expect(nameTexts('申请人：李白故里')).toEqual([]);
  });

  it('does not take a unit, a brand or a heading before a telephone for a name', () => {
    expect(nameTexts('联系人：市政府办公室，电话：0572-2399158')).toEqual([]);
    expect(nameTexts('送餐很慢，商家电话打不通。\n商家，电话：4008123123')).toEqual([]);
    expect(nameTexts('华为手机反应快，荣耀手机也不错。')).toEqual([]);
    expect(nameTexts('会议决定：\n一、同意追加经费。')).toEqual([]);
  });
});

describe('person names: officials, comrades, family members and résumés in running text', () => {
  it('finds a name before an official title, with 副 (吴晓东副市长讲话)', () => {
    const text = '部署政务公开标准化规范化和公开前保密审查工作；吴晓东副市长讲话。';
    const [hit] = personNameDetector.detect(text);
    expect(text.slice(hit!.start, hit!.end)).toBe('吴晓东');
    expect(hit!.evidence).toContain('title 副市长');
    expect(nameTexts('会议由陈海波常务副县长主持。')).toEqual(['陈海波']);
    expect(nameTexts('刘建国局长在会上强调，要严格落实保密审查。')).toEqual(['刘建国']);
  });

  it('takes every member of an enumeration ending in 同志 for a name, even glued to a unit', () => {
    expect(nameTexts('市政府各部门分管负责同志。市政府办公室钱伟、孔令辉、章佳怡同志列席。')).toEqual(['钱伟', '孔令辉', '章佳怡']);
  });

  it('finds family members named in a decision', () => {
    const text = '另查明，你的妻子林淑芬（台湾居民，台胞证号码08623417）和女儿韩雨桐（2013年3月2日出生）未在车上。你的岳母林陈秀英长期患病。';
    expect(nameTexts(text)).toEqual(['林淑芬', '韩雨桐', '林陈秀英']);
    expect(nameTexts('要维护妇女儿童合法权益。')).toEqual([]);
    expect(nameTexts('我儿子简直超级喜欢这个玩具。')).toEqual([]);
  });

  it('finds the name opening a résumé or 公示 paragraph', () => {
    const text = [
      '吴重阳，中国国籍，大学本科，教授级高级工程师。',
      '张三，男，1975年生，中共党员。',
      '郑培敏：男，清华大学MBA，现任上海荣正投资咨询有限公司董事长。',
      '韩文武（离任）：男，汉族。',
      '马兴亚：1950年6月出生，大专学历。',
    ].join('\n');
    const hits = names(text);
    expect(hits.map(([t]) => t)).toEqual(['吴重阳', '张三', '郑培敏', '韩文武', '马兴亚']);
    for (const [, score] of hits) expect(score).toBeGreaterThanOrEqual(0.8);
    expect(nameTexts('其中：男，12人；女，8人。\n合计：男 120人')).toEqual([]);
  });
});

describe('person names: false positives and boundaries from the evaluation', () => {
  const negatives = [
    '离到任驻华大使和代表任命银行卡号62621850739',
    'haha//@何辛ESPN卫视主持人:哈哈哈哈哈！',
    '政策规定，改进了征收办法，让麻农、麻贩子有利可图，他们又纷纷将苎麻运往外地。',
    '天文学家说，该星系形成于宇宙诞生早期。',
    '契丹族建立的辽朝、女真贵族建立的金朝、蒙古贵族建立的元朝、满洲贵族建立的清朝。',
    '店员指着一套深色和一套浅色的越黄家具说，这是精品。',
    '俄国防部一名高官先前告诉俄新社记者，莫斯科与列宁格勒军区将举行演习。',
    '英国伦敦，英国女王伊丽莎白二世主持欢迎仪式。',
    '日本队教练冈田武史说，很遗憾没进球。',
  ];
  for (const text of negatives) {
    it(`finds no name in ${text}`, () => {
      const found = nameTexts(text);
      expect(found).toEqual([]);
    });
  }

  it('ends a name before a word instead of cutting into it (胡适|学术)', () => {
    expect(nameTexts('早年《致江绍原》直指老师胡适学术“纰缪往往而有”')).toEqual(['胡适']);
    expect(nameTexts('本报记者吴丽华北京报道')).toEqual(['吴丽华']);
  });
});

describe('addresses', () => {
  it('finds a labelled home address and ends it before the next field', () => {
    const text = '住址：广东省深圳市南山区科技园路18号3栋2单元501室，联系电话：13812345678';
    const cands = addressDetector.detect(text);
    expect(cands).toHaveLength(1);
    expect(text.slice(cands[0]!.start, cands[0]!.end)).toBe('广东省深圳市南山区科技园路18号3栋2单元501室');
    expect(cands[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(cands[0]!.evidence).toEqual(expect.arrayContaining(['label 住址', 'home address']));
  });

  it('scores home-like spans above street addresses, and personal labels above 地址', () => {
    const [home] = addresses('家庭住址：河北省张家口市蔚县西合营镇李家村3组');
    expect(home).toEqual(['河北省张家口市蔚县西合营镇李家村3组', 0.95]);
    const [office] = addresses('地址：北京市西城区西长安街17号');
    expect(office![0]).toBe('北京市西城区西长安街17号');
    expect(office![1]).toBeLessThan(home![1]);
    const [unlabelled] = addresses('该户居住在广东省深圳市南山区桃源街道龙珠花园3栋201室。');
    expect(unlabelled![0]).toBe('广东省深圳市南山区桃源街道龙珠花园3栋201室');
    expect(unlabelled![1]).toBeGreaterThanOrEqual(0.7);
    const [street] = addresses('会议在深圳市福田区福中三路2号召开。');
    expect(street![0]).toBe('深圳市福田区福中三路2号');
    expect(street![1]).toBeLessThan(unlabelled![1]);
  });

  it('keeps a village under a personal label, but not a village alone', () => {
    expect(addresses('户籍所在地：河北省蔚县西合营镇李家村')).toEqual([['河北省蔚县西合营镇李家村', 0.85]]);
    expect(addresses('李家村位于县城东部，全村共有农户312户。')).toEqual([]);
    expect(addresses('河北省蔚县西合营镇李家村是省级文明村。')).toEqual([]);
  });

  it('reads the 住址 column of a table', () => {
    const text = '姓名\t家庭住址\t联系电话\n王芳\t深圳市福田区莲花路1号5栋302\t13800000000\n李明\t福田区莲花一村8栋\t13900000000';
    expect(addresses(text)).toEqual([
      ['深圳市福田区莲花路1号5栋302', 0.9],
      ['福田区莲花一村8栋', 0.9],
    ]);
  });

  it('finds road and estate starts at lower scores', () => {
    const [road] = addresses('位于科技园路18号3栋');
    expect(road![0]).toBe('科技园路18号3栋');
    expect(addresses('蓝桥名苑12幢7单元的业主反映')).toEqual([['蓝桥名苑12幢7单元', 0.65]]);
  });

  const negatives = [
    '王府井大街是北京著名的商业街。',
    '北京市人民政府',
    '张家口市',
    '朝阳区',
    '政府信息公开工作年度报告',
    '国办发〔2016〕8号',
    '深府〔2023〕12号文件',
    '乘坐地铁2号线到达市民中心。',
    '北京市2023年第3号令',
    '四川省成都市组织了18支检查团。',
    '大家住得很舒服。',
    '全省21个地级以上市、122个县（市、区）全部建成政务服务中心。',
  ];
  for (const text of negatives) {
    it(`finds no address in ${text}`, () => {
      expect(addresses(text)).toEqual([]);
    });
  }

  it('never reports a header cell, and reads an estate below a 街道 or 镇 without a suffix', () => {
    const text = [
      '序号\t姓名\t性别\t身份证号\t联系电话\t家庭住址\t拟聘岗位',
      `11\t司马云霞\t女\t${PERSON_ID}\t199 5710 3382\t余杭区良渚街道七贤郡18幢2单元1002室\t保洁员`,
      `12\t吕桂香\t女\t${PERSON_ID_2}\t0579-82316684\t婺城区城北街道将军路南村58号\t护林员`,
    ].join('\n');
    expect(addresses(text)).toEqual([
      ['余杭区良渚街道七贤郡18幢2单元1002室', 0.9],
      ['婺城区城北街道将军路南村58号', 0.9],
    ]);
    expect(addresses('户籍地址：德清县武康镇大陆三组')).toEqual([['德清县武康镇大陆三组', 0.95]]);
    // A row of label-value pairs keeps its value.
    expect(addresses('姓名\t张三\t住址\t杭州市西湖区文三路259号\n性别\t男\t电话\t13800000000')).toEqual([['杭州市西湖区文三路259号', 0.9]]);
  });

  it('reads an address after 住, 居住在 like a labelled field', () => {
    const text = '信访人：韩志鹏，男，1983年7月16日出生，住杭州市西湖区文三路259号昌地火炬大厦1号楼1506室，联系电话13758291046。';
    const cands = addressDetector.detect(text);
    expect(cands.map((c) => text.slice(c.start, c.end))).toEqual(['杭州市西湖区文三路259号昌地火炬大厦1号楼1506室']);
    expect(cands[0]!.score).toBeGreaterThanOrEqual(0.85);
    expect(cands[0]!.evidence).toContain('after 住');
    expect(addresses('申请人张三，住蓝桥名苑12幢7单元，电话略')).toEqual([['蓝桥名苑12幢7单元', 0.95]]);
    // No house or room: an institution named in prose, a floor, a hospital stay.
    expect(addresses('你的岳母长期患病，现居住在拱墅区康乐养老院，享受最低生活保障。')).toEqual([]);
    expect(addresses('可能是住得太高的缘故(住顶楼6楼)，晚上没有热水。\n住在二十三层，两面落地大玻璃。')).toEqual([]);
    expect(addresses('患者于5月3日入院，住院3天后出院。')).toEqual([]);
  });

  it('marks institutions as such', () => {
    const [hit] = addressDetector.detect('深圳市人民医院3号楼');
    expect(hit!.score).toBeLessThanOrEqual(0.5);
    expect(hit!.evidence).toContain('institution');
  });
});

describe('detector contract', () => {
  const text = `${NOTICE_TEXT}\n住址：广东省深圳市南山区科技园路18号3栋2单元501室`;

  it('is deterministic, sorted and non-overlapping, with spans inside the text', () => {
    for (const detector of [personNameDetector, addressDetector]) {
      const a = detector.detect(text);
      expect(detector.detect(text)).toEqual(a);
      for (let i = 0; i < a.length; i++) {
        expect(a[i]!.start).toBeGreaterThanOrEqual(0);
        expect(a[i]!.end).toBeLessThanOrEqual(text.length);
        expect(a[i]!.score).toBeGreaterThan(0);
        expect(a[i]!.score).toBeLessThanOrEqual(1);
        if (i > 0) expect(a[i]!.start).toBeGreaterThanOrEqual(a[i - 1]!.end);
      }
    }
    expect(personNameDetector).toMatchObject({ type: 'person_name', category: 'personal' });
    expect(addressDetector).toMatchObject({ type: 'address', category: 'personal' });
  });

  it('handles empty, tiny and pathological input quickly', () => {
    for (const detector of [personNameDetector, addressDetector]) {
      expect(detector.detect('')).toEqual([]);
      expect(detector.detect('王')).toEqual([]);
      const started = performance.now();
      detector.detect('、'.repeat(50_000));
      detector.detect('王某'.repeat(20_000));
      detector.detect('路1号'.repeat(20_000));
      detector.detect('广东省深圳市'.repeat(20_000));
      detector.detect('姓名\t住址\n'.repeat(20_000));
      detector.detect(`${'张'.repeat(30_000)}同志`);
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  // Speed is measured by `npm run bench` (test/bench/scan.ts); here, that a long text is scanned whole.
  it('scans about 1.5 M characters of official prose to the end', () => {
    const base = `${NOTICE_TEXT}\n市政府秘书长邓前卫出席会议。住址：广东省深圳市南山区科技园路18号3栋2单元501室，联系电话：13812345678。\n政务公开要坚持以公开为常态、不公开为例外，推进决策公开、执行公开、管理公开、服务公开和结果公开。\n`;
    const big = base.repeat(Math.ceil(1_500_000 / base.length));
    const copies = Math.ceil(1_500_000 / base.length);
    const names = personNameDetector.detect(big);
    const addresses = addressDetector.detect(big);
    // Every copy's official and address, the last copy's included.
    expect(names.filter((f) => big.slice(f.start, f.end) === '邓前卫').length).toBe(copies);
    expect(addresses.length).toBeGreaterThanOrEqual(copies);
    expect(addresses.at(-1)!.start).toBeGreaterThan(big.length - base.length);
  });
});
