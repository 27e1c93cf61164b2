import { BASIS } from '../basis';
import {
  CITY_NAMES,
  CITY_SHORT_NAMES,
  COUNTY_NAMES,
  COUNTY_SHORT_NAMES,
  PROVINCE_NAMES,
  PROVINCE_SHORT_NAMES,
} from '../data/region-names';
import { SURNAMES } from '../data/surnames';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { TextPass, wordGroup, type WordGroup } from '../text-pass';
import { resolveOverlaps } from '../overlaps';

/**
 * Names of private persons (2-4 Han characters starting with a known
 * surname), found only through context, because a surname table alone
 * matches half of any Chinese text:
 *
 * - labels of form fields (姓名：, 联系人：, 申请人, 户主 ...), with or without a colon;
 * - table columns: a header row with a 姓名 (申请人, 户主 ...) cell makes the
 *   cell in that column of every following row a candidate;
 * - titles after the name (同志, 先生, 女士 ...) and 公示 style "张三，男，";
 * - fields without a label word: the salutation line of a reply (黄立新：),
 *   a contact before a telephone (市大数据局 戴云飞，电话：…), minutes
 *   (出席：…、…; 列席：蒋晨（市数据资源局）), and the name opening a résumé
 *   paragraph (吴重阳，中国国籍，…);
 * - in running text, typical predicates (说, 表示, 指出 ...) after the name
 *   and occupational roles before it (记者, 村民, 主任, 妻子 ...) or after it
 *   (吴晓东副市长讲话), at a lower score;
 * - enumerations (张三、李四、王五) attached to any of these; before 同志
 *   every member is a name (市政府办公室钱伟、孔令辉同志).
 *
 * Candidates are checked against characters that rarely occur in given
 * names, common words, and place names, so that 王府井, 张家口 or 李家村
 * are not reported. Officials' names are found like anyone else's: telling
 * them apart is the job of the reviewer's allow-list.
 */

// ---------------------------------------------------------------- data built once

const SURNAME_FREQ: ReadonlyMap<string, number> = new Map(SURNAMES);
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(SURNAMES.filter(([s]) => s.length === 2).map(([s]) => s));

/**
 * Surnames accepted without a strong context (running text, a label without
 * a colon): frequent ones (frequency >= this in the surname table), which
 * keeps rare surnames that are mostly words (自, 主, 第, 是) out.
 */
const COMMON_SURNAME_MIN_FREQ = 20;

/** Both surnames of a four-character name with the husband's surname first (林陈秀英) are at least this frequent. */
const DOUBLE_SURNAME_MIN_FREQ = 100;

/** Places and landmarks: not in the given name of a four-character name with a double surname (李白故里, 罗赖马州). */
const NOT_IN_DOUBLE_SURNAME_NAME = new Set('故里州山河湖海江岛港湾城园庄堡寨坡岭峰洞寺庙塔桥关台亭阁楼殿墓陵'.split(''));

/** A double surname (林陈秀英), not a compound one (欧阳娜娜). */
const isDoubleSurname = (shape: NameShape): boolean => shape.surname.length === 2 && !COMPOUND_SURNAMES.has(shape.surname);

/** Compound surnames accepted in running text (the others are rare, or words: 东方, 百里, 第五). */
const WEAK_COMPOUNDS = new Set(['欧阳', '司马', '上官', '诸葛', '司徒', '皇甫', '慕容', '令狐', '夏侯', '尉迟', '公孙', '端木', '长孙', '宇文', '轩辕', '独孤', '澹台', '申屠', '闻人', '呼延', '万俟', '淳于', '濮阳', '钟离', '西门']);
/** Compound surnames that are far more often words, never taken as surnames. */
const WORD_COMPOUNDS = new Set(['东方', '百里', '第五', '南门', '东门', '北门', '公西', '太史', '刘付', '刘傅', '乐正', '段干', '子车', '归海', '微生', '梁丘', '左丘', '谷梁', '羊舌']);

/**
 * Frequent surnames that are far more often a function word or the end of
 * a word before a name (和李明说, 公司今天, 时成龙说, 分析师张景): not taken
 * as a surname in running text.
 */
const AMBIGUOUS_SURNAMES = new Set('和于同及与向从把对被将为由以时常司师都来国平明全相关成安万应楼商单'.split(''));

/**
 * Characters that rarely occur in a given name (chosen by hand): particles,
 * pronouns, numerals and units, administrative and organisational words,
 * verbs and nouns of official prose. A 2-4 character string with one of
 * them after the surname is not taken for a name (王府井, 张家口, 李家村,
 * 高度重视, 方案指出). Measured on the labelled NER sets (test/external).
 */
const NOT_GIVEN = new Set(
  [
    // particles, pronouns, conjunctions, prepositions, adverbs
    '的了着过吗呢吧啊嘛呀哦么哪那这些们我你您他她它咱谁啥怎什否没不很最都也还又就只仅却但而且或及与并被把对从往到给让使叫以因于由在其此所等者已曾该各每诸另则即虽故既啦哈嗯呗嘿哎唉喂兼',
    // numerals, units, time
    '年日时分秒号亿个次件项条份批届期层楼室米斤吨岁第半几两昨',
    // trades and goods (麻贩子)
    '贩',
    // administrative and organisational words, places
    '省市县区乡镇村街路巷局厅处科部委办院所站校队组团司厂店府署庭监狱馆社门港口湾沟坡屯寨堡井城矿间驻会寺庙宫岛杯堂舰滩阅',
    // verbs of official prose
    '说讲讨论问答看听读写做搞去出入打拿放送收买卖吃喝住坐用要想能须必需请认识知觉感提指表示介称告诉调查检审批核报填签记录申交付缴领取办理管控制执施落推动召举参加织协负责担任免撤销停止禁罚违犯罪讼判决裁作干回到下上起开关选除试验确实玩划棍更',
    // nouns and adjectives of official prose
    '务公共息件法律规度例单位机项目资预算经改革设服督评估准系统台网数据术题况情事物品料费价格税款账户证照表册票函稿案卷档址电话码邮箱性别族籍龄职员人面体量率种类型式党级议策众层线点域企场销购贷债股险损亏赔医疗药病疫患伤死亡灾害毒污染垃圾废总副本旧老多低短坏是非应当将专产地球皮肤渠客胶尔斯',
  ].join(''),
);

/** Last characters of organisations and places (代表团, 余家村, 农业部) and particles: never end a labelled name. */
const NOT_LAST_IN_FIELD = new Set('村镇乡县市区省部局厅处队团组社站校院所馆店厂司府署庭监狱港口湾沟坡屯寨堡井矿间会寺庙宫岛杯舰滩街巷委办室楼号的了吗呢吧啊员者们家等总'.split(''));

/** Words that look like surname + given name (checked as a whole candidate and as the pair left of a name). */
const COMMON_WORDS = new Set(
  [
    '韩国 王国 中国 方面 高度 黄金 安全 周年 周边 周期 程序 任何 江河 金融 成果 成员 成就 成效 关于 关键 明确 明显 明年 时间 时期 时候',
    '华人 华侨 路线 和平 和谐 原则 原因 原来 海外 海关 海洋 权利 权力 权益 强化 支持 计划 相关 相应 初步 容易 普通 普遍 利用 利益 但是',
    '包括 代表 毕业 凌晨 于是 苏联 程度 常委 常态 常规 文化 文明 文字 文艺 文章 石油 马上 华东 华南 华北 华中 东方 武装 钱财 温暖 康复',
    '严格 严重 严肃 洪水 龙头 牛奶 牛肉 齐全 易于 乔木 庄严 岳父 申明 关心 关怀 关注 兰花 焦点 左右 甘心 包装 宁静 尚未 舒适 纪律',
    '梅花 童年 单独 季节 成熟 成长 霍乱 苗木 谷物 曲线 盛世 翁婿 蓝天 骆驼 游客 辛苦 管道 柴油 华丽 房屋 房产 房东 屈服 解放 解决 艾滋',
    '尤其 时代 时刻 阳光 应急 古代 古老 吉祥 卓越 车辆 简单 简要 连续 麦田 宫殿 景区 景观 冷静 冷却 卫星 卫生 席位',
    '宗旨 宗教 桂花 全部 全面 全体 全国 全年 全省 全市 全县 全区 楼房 边缘 沙漠 商品 商业 荣誉 郎君 池塘 明白 查明 麻烦 封闭 官方',
    '谈话 匡正 惠民 乐观 南方 南北 燕子 楚国 劳动 劳务 满意 满足 闻名 海岸 花园 花卉 权威 强大 强烈 国家 平安 平台 平稳 云端 门口 来源',
    '都市 都会 戈壁 薄弱 鹿茸 危险 玉米 银行 公开 公平 公正 公民 公共 公众 公路 元旦 信用 展览 智能 富裕 衡量 昌盛 步伐 东部 水平',
    '山区 生活 生产 生态 英雄 英国 英语 鱼类 宝贵 保护 保持 保证 福利 黑色 怀念 回顾 可能 可以 青年 秋季 天然 天气 香港 轩然',
    '宇宙 爱心 爱护 安排 安置 安徽 万元 白色 白天 白皮书 高速 高校 高层 高端 高效 高新 林业 林区 林地 胡同 何况 罗马 郑重',
    '谢谢 宋朝 唐朝 唐代 许多 许可 曾经 田园 田地 董事 余额 叶片 杜绝 魏晋 任务 钟表 范围 范本 汪洋 陆续 陆地 金额 金属 石头',
    '夏天 夏季 方法 方式 方针 方向 方便 方案 熊猫 付出 段落 黎明 史料 历史 贺信 陶器 顾问 万一 严禁 洪涝 赖以 武器 武警 莫非 汤圆',
    '向上 向下 向前 常见 常用 常常 经常 温度 施工 安装 安定 齐心 易懂 庞大 颜色 庄稼 章程 殷切 申报 申请 欧洲 欧元 耿直 关系 焦虑',
    '左侧 柳树 祝贺 祝福 包含 代理 尚且 符合 舒服 纪念 童话 凌驾 毕竟 单身 季度 成立 成为 成本 涂料 曲折 盛行 冉冉 蓝色 路口 路段',
    '游戏 管控 柴火 华为 鲍鱼 房间 萧条 饶恕 解释 牟利 尤为 阳台 应该 应当 农村 农民 农业 司法 司机 古今 卓著 车站 车间 简称 连接',
    '党委 党建 党纪 宫廷 景点 费用 冷暖 卫国 席卷 米兰 柏林 宗族 全程 苟且 楼层 边境 中华 华夏 清华 新华 担任 历任 现任 出任 曾任',
    '波兰 荷兰 芬兰 爱尔兰 新西兰 古巴 伊朗 格鲁吉亚 任天堂 熊孩子 明星 候选 黄河 长江 公司 一起 一样 同时 今天 昨天 明天 马克思',
    '周一 周二 周三 周四 周五 周六 周日 周末 白宫 欧盟 华盛顿 唐宋 双方 调查 闻讯 沙滩 文中 耳边 查询 张贴 金奖 皮划艇 单元 连忙 陆续',
    '长官 纪念 包括 文化 白天 黄色 石化 曲艺 查阅 江淮 黄淮 文笔 蒙牛 马拉松 马可波罗',
    '石家庄 张家口 张家界 张家港 周口店 王府井 李家村 马家沟',
    '卫视 蒙古 高官 金朝 元朝 明朝 清朝 汉朝 周朝 秦朝 隋朝 晋朝 夏朝 商朝 辽朝 高兴 金石 简直 高中 路径 罗列',
  ]
    .join(' ')
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Words that are never a given name: a three-character candidate whose
 * last or first two characters are one of them is a word, not a name
 * (时普遍, 江大学, 楼新闻, 管中心).
 */
const NON_NAME_WORDS = new Set(
  [
    '普遍 确实 进行 大学 中学 小学 中心 小说 渠道 合同 新闻 大陆 创意 地产 宣传 公司 一起 一样 同时 今天 昨天 明天 后来 以后 以前',
    '现在 目前 已经 正在 将来 当时 当年 今年 去年 明年 方面 问题 工作 情况 社会 经济 发展 建设 管理 服务 安全 重要 主要 有关 相关',
    '进一步 一直 一定 一般 一些 一切 所有 没有 可能 可以 应该 需要 必须 通过 根据 按照 关于 对于 由于 因为 所以 但是 而且 并且',
    '如果 虽然 然后 其中 其他 这些 那些 这样 那样 怎么 什么 为了 为何 以及 及其 大家 自己 他们 我们 你们 她们 人们 广大 全体',
    '正常 家中 声明 银行 山水 陆续 连续 一致 文化 纪念 毕业 包括',
    '学家 作家 专家 画家 商家 国家 家具 先前 一世 二世 三世 四世 贵族 学术 书画',
  ]
    .join(' ')
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** Words of NON_NAME_WORDS that continue the name of an organisation or place (惠普公司, 牛津大学, 林肯纪念堂). */
const ORG_HEADS = new Set('公司 大学 中学 小学 中心 银行 新闻 地产 纪念 山水 文化 宣传 合同 渠道 创意'.split(' '));

const REGION_NAMES: ReadonlySet<string> = new Set([
  ...PROVINCE_NAMES,
  ...PROVINCE_SHORT_NAMES,
  ...CITY_NAMES,
  ...CITY_SHORT_NAMES,
  ...COUNTY_NAMES,
  ...COUNTY_SHORT_NAMES,
]);

/** Values of a labelled field or cells that are not names (headers, placeholders). */
const NOT_A_NAME = new Set(
  '姓名 名字 性别 民族 年龄 出生 籍贯 住址 地址 电话 手机 备注 合计 小计 总计 本人 无 暂无 不详 同上 见附件 签名 签字 盖章 单位 职务 职称 序号 编号 身份证号 联系电话 联系方式 户主 申请人 联系人 经办人 负责人 关系 与户主关系 配偶 子女 父亲 母亲 儿子 女儿 丈夫 妻子'.split(' '),
);

// ---------------------------------------------------------------- anchors

type AnchorKind = 'label' | 'role' | 'title' | 'predicate' | 'gender' | 'pseudonym' | 'list';

/** Prior scores by kind of context (tuned on the labelled sets, see test/external/names-addresses.test.ts). */
const SCORE = {
  /** 姓名：王芳, a 姓名 table column */
  label: 0.9,
  labelRareSurname: 0.85,
  table: 0.9,
  tableUnknownSurname: 0.7,
  /** 申请人李明 */
  labelBare: 0.8,
  enumeration: 0.85,
  /** 记者：王芳 */
  roleColon: 0.85,
  gender: 0.8,
  titleStrong: 0.75,
  titleOther: 0.6,
  pseudonym: 0.6,
  /** 记者王芳, 村民李某 */
  role: 0.55,
  /** 李瑞环主席 */
  roleAfterName: 0.55,
  /** 王芳表示 */
  predicate: 0.55,
  /** 李菊、王楠、杨影: a list of names and nothing else */
  list: 0.5,
  /** 黄立新： alone on a line (the salutation of a reply letter) */
  salutation: 0.85,
  /** 戴云飞，电话：… */
  contact: 0.85,
  /** 吴重阳，中国国籍，… / 张三，男， opening a paragraph */
  profile: 0.85,
  /** Added when two different kinds of context find the same span. */
  agreement: 0.1,
  max: 0.95,
} as const;

interface AnchorSpec {
  kind: AnchorKind;
  score: number;
}

/** Form labels for private persons: strong with a colon or tab, fairly strong without. */
const LABELS = [
  '姓名', '名字', '联系人', '申请人', '户主', '户主姓名', '经办人', '负责人', '法定代表人', '法人代表', '被申请人', '委托代理人',
  '代理人', '委托人', '受托人', '当事人', '申报人', '举报人', '投诉人', '被投诉人', '信访人', '来访人', '反映人', '原告', '被告',
  '第三人', '上诉人', '被上诉人', '申诉人', '被申诉人', '被告人', '犯罪嫌疑人', '嫌疑人', '被害人', '受害人', '证人', '监护人',
  '承办人', '办理人', '审核人', '审批人', '签发人', '批准人', '填报人', '填表人', '记录人', '报告人', '收件人', '寄件人', '联络人',
  '对接人', '责任人', '户名', '开户名', '账户名', '持卡人', '收款人', '付款人', '领取人', '签收人', '业主', '房主', '产权人', '权利人',
  '所有权人', '承包人', '承租人', '出租人', '买受人', '出卖人', '受让人', '转让人', '借款人', '担保人', '被执行人', '申请执行人',
  '投保人', '被保险人', '受益人', '参保人', '被征收人', '征收对象', '救助对象', '补助对象', '获奖者', '获奖人', '中标人', '死者',
  '患者', '学生', '家长', '配偶', '紧急联系人', '项目负责人', '主要负责人', '技术负责人', '网格员', '包保责任人', '联系人姓名',
  '申请人姓名', '学生姓名', '家长姓名', '职工姓名', '姓 名', '姓　名', '姓  名', '姓　　名', '户 主', '户　主', '联 系 人',
  '名单', '人选', '拟任人选', '候选人', '当选人', '获奖人员', '表彰对象', '推荐对象', '公示对象', '考察对象', '发起人', '出资人',
  '车主', '驾驶人', '机动车所有人', '项目经理', '项目总监', '总监理工程师',
];

/**
 * Family members named in decisions and replies (你的妻子林淑芬, 女儿韩雨桐):
 * roles like the others, but the name after them must end on a delimiter or
 * a follower word (儿子简直超级…, 女儿曾获夏威夷… are not names).
 */
const KIN_ROLES = ['妻子', '丈夫', '女儿', '儿子', '岳母', '岳父', '公公', '婆婆', '儿媳', '女婿', '孙子', '孙女', '外孙', '外孙女'];
const KIN_ROLE_SET: ReadonlySet<string> = new Set(KIN_ROLES);

/** Roles and occupations written right before a name in running text (记者王芳, 村民李某). */
const ROLES = [
  '记者', '通讯员', '主任', '书记', '局长', '市长', '县长', '区长', '镇长', '乡长', '村长', '省长', '厅长', '处长', '科长', '部长',
  '院长', '校长', '所长', '站长', '行长', '社长', '董事长', '总经理', '经理', '主席', '委员', '组长', '队长', '主管', '教授', '专家',
  '医生', '律师', '法官', '检察官', '民警', '警官', '村民', '居民', '市民', '农民', '群众', '职工', '员工', '工人', '老人', '司机',
  '老板', '店主', '家属', '男子', '女子', '驾驶员', '志愿者', '代表', '秘书长', '主任委员', '常委', '干部', '工作人员', '研究员',
  '工程师', '会计', '出纳', '护士', '教师', '老师', '园长', '馆长', '台长', '主编', '编辑', '作者', '嫌疑人', '网友', '游客', '乘客',
  '总理', '副总理', '总统', '副总统', '首相', '大使', '议长', '外长', '总裁', '副总裁', '院士', '将军', '教练', '主教练', '运动员',
  '选手', '队员', '球员', '作家', '画家', '诗人', '演员', '导演', '歌手', '厂长', '总监', '参谋长', '司令员', '政委', '会长', '理事长',
  '秘书', '助理', '调研员', '巡视员', '科员', '办事员', '大夫', '庭长', '审判长', '审判员', '书记员', '检察长', '监察员', '辅警',
  '实习生', '分析师', '会计师', '设计师', '师傅', '大师', '发言人', '主持人', '负责人', '投资人', '创始人', '董事', '监事', '长官',
  ...KIN_ROLES,
];

/** Titles and forms of address after a name. */
const TITLES: readonly [string, number][] = [
  ['同志', SCORE.titleStrong], ['先生', SCORE.titleStrong], ['女士', SCORE.titleStrong], ['等同志', SCORE.titleStrong],
  ['老师', SCORE.titleOther], ['教授', SCORE.titleOther], ['博士', SCORE.titleOther], ['医生', SCORE.titleOther],
  ['律师', SCORE.titleOther], ['等人', SCORE.titleOther], ['等人员', SCORE.titleOther],
];

/** Predicates that follow a person in reported speech (running text). */
const PREDICATES = [
  '说', '表示', '指出', '介绍', '称', '认为', '强调', '告诉', '透露', '坦言', '回忆', '说道', '谈到', '解释', '笑着说', '感慨',
  '提醒', '呼吁', '补充', '证实', '承认', '回应', '坦承', '直言', '分析', '预计', '建议', '反映', '举报', '投诉', '报警', '来信',
  '获悉', '得知', '发现', '希望', '告知', '说明', '讲述', '感叹', '笑称', '表态', '主持', '会见', '出席', '讲话', '发言', '致辞',
  '批示', '签署', '宣布', '报道', '指示', '看望', '慰问', '调研', '视察', '考察', '带队', '率团', '一行',
];

/** Characters before a predicate that make a different word of it (小说, 据说, 名称, 简称). */
const PREDICATE_BLOCKED_BY = new Map([
  ['说', '小学据听传游解演来再虽话劝或胡乱'],
  ['称', '名简职俗统声宣号堪对自又并人昵通爱总谦尊著'],
  ['说道', '小学据听传游解演来再虽话'],
  ['介绍', '简'],
  ['指出', '应'],
  ['认为', '人普一公广误'],
  ['反映', '综'],
]);

/** Characters before a role that make a different word of it (妇女儿童, 大丈夫, 外孙子). */
const ROLE_BLOCKED_BY = new Map([
  ['女儿', '妇'],
  ['丈夫', '大姐'],
  ['孙子', '外'],
]);

const GENDER_ANCHORS = ['，男', '，女', ',男', ',女', '（男', '（女', '(男', '(女', '、男', '、女', ' 男', ' 女', '\t男', '\t女'];

/** Words that may directly follow a name (besides punctuation): they end a name in a field or in running text. */
const FOLLOWERS = [
  '同志', '先生', '女士', '老师', '等', '说', '表示', '指出', '介绍', '称', '认为', '强调', '告诉', '透露', '坦言', '回忆', '谈到',
  '解释', '反映', '举报', '投诉', '电话', '手机', '联系', '性别', '男', '女', '身份', '证件', '住址', '地址', '家住', '现住', '户籍', '住',
  '年龄', '出生', '生于', '民族', '汉族', '职务', '职业', '工作', '单位', '籍贯', '系', '现年', '于', '在', '和', '与', '及', '为', '是',
  '因', '向', '对', '被', '将', '已', '到', '从', '的', '了', '也', '都', '还', '又', '就', '才', '曾', '却', '便', '即', '则', '并', '经',
  '等人', '诉', '申请', '提出', '签名', '签字', '（', '(', '，', ',', '、', '。', '；', ';', '：', ':', '\t', '\n', ' ', '　',
  '一家', '夫妇', '之子', '之女', '家', '户', '本人', '领取', '获得', '荣获', '当选', '任', '担任', '拟任', '同意', '负责', '主持',
  '作', '参加', '出席', '来到', '带领', '率领', '陪同', '说道', '要求', '去世', '逝世', '病逝', '先后', '今年', '现任', '原任',
  '昨日', '今日', '昨天', '今天', '近日', '日前', '当天', '发自', '生前', '实习生', '通讯员', '摄', '文', '报道', '/', '／', '一',
  '长期', '一直', '多次',
];

const ANCHORS = new Map<string, AnchorSpec>();
for (const l of LABELS) ANCHORS.set(l, { kind: 'label', score: SCORE.label });
for (const r of ROLES) if (!ANCHORS.has(r)) ANCHORS.set(r, { kind: 'role', score: SCORE.role });
for (const [t, s] of TITLES) if (!ANCHORS.has(t)) ANCHORS.set(t, { kind: 'title', score: s });
for (const p of PREDICATES) if (!ANCHORS.has(p)) ANCHORS.set(p, { kind: 'predicate', score: SCORE.predicate });
for (const g of GENDER_ANCHORS) ANCHORS.set(g, { kind: 'gender', score: SCORE.gender });
ANCHORS.set('某', { kind: 'pseudonym', score: SCORE.pseudonym });
ANCHORS.set('、', { kind: 'list', score: SCORE.list });

const ANCHOR_WORDS = [...ANCHORS.keys()];
const ANCHOR_GROUP = wordGroup(ANCHOR_WORDS);
/** Followers and every anchor word, indexed by first character (longest first). */
const FOLLOWERS_BY_FIRST = new Map<string, string[]>();
for (const w of new Set([...FOLLOWERS, ...ROLES, ...PREDICATES, ...TITLES.map(([t]) => t), ...LABELS])) {
  if (w === '某') continue;
  const list = FOLLOWERS_BY_FIRST.get(w[0]!) ?? [];
  list.push(w);
  FOLLOWERS_BY_FIRST.set(w[0]!, list.sort((a, b) => b.length - a.length));
}
const ROLE_SET = new Set(ROLES);
const MAX_ROLE = Math.max(...ROLES.map((r) => r.length));

// ---------------------------------------------------------------- character tests

export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

function hanAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && isHan(text.charCodeAt(i));
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\u3000' || c === '\u00a0';
}

/** The word right after a name that ends it: a follower, an anchor word or a place name (记者朱宝|广州报道). */
function followerAt(text: string, i: number): string | null {
  if (i >= text.length) return '';
  for (const f of FOLLOWERS_BY_FIRST.get(text[i]!) ?? []) if (text.startsWith(f, i)) return f;
  for (let len = 2; len <= 4; len++) {
    const w = text.slice(i, i + len);
    if (REGION_NAMES.has(w)) return w;
  }
  return null;
}

// ---------------------------------------------------------------- name checks

type Strength = 'strong' | 'weak';

interface NameShape {
  surname: string;
  given: string;
}

/** Splits a 2-4 character string into a known surname and a given name, or null. */
function shapeOf(s: string, strength: Strength): NameShape | null {
  if (s.length < 2 || s.length > 4) return null;
  for (let i = 0; i < s.length; i++) if (!isHan(s.charCodeAt(i))) return null;
  const two = s.slice(0, 2);
  if (s.length >= 3 && COMPOUND_SURNAMES.has(two) && (strength === 'strong' || WEAK_COMPOUNDS.has(two)) && !WORD_COMPOUNDS.has(two)) {
    return { surname: two, given: s.slice(2) };
  }
  if (s.length === 4) {
    // 林陈秀英, 陈林美珠: a married woman's name with her husband's surname before her own (both frequent).
    const a = SURNAME_FREQ.get(s[0]!) ?? 0;
    const b = SURNAME_FREQ.get(s[1]!) ?? 0;
    // Not 谢谢李杰, 江苏海兰 (a word or a place), 胡文和来 (a conjunction or verb in the given name), 李白故里, 罗赖马州 (a place).
    if (
      a >= DOUBLE_SURNAME_MIN_FREQ &&
      b >= DOUBLE_SURNAME_MIN_FREQ &&
      s[0] !== s[1] &&
      ![...s].some((c) => AMBIGUOUS_SURNAMES.has(c) || NOT_GIVEN.has(c) || NOT_IN_DOUBLE_SURNAME_NAME.has(c)) &&
      !COMMON_WORDS.has(two) &&
      !REGION_NAMES.has(two)
    ) {
      return { surname: two, given: s.slice(2) };
    }
    return null; // single surname + three characters: too rare to guess
  }
  const one = s[0]!;
  const f = SURNAME_FREQ.get(one);
  if (f === undefined) return null;
  if (strength === 'weak' && (f < COMMON_SURNAME_MIN_FREQ || AMBIGUOUS_SURNAMES.has(one))) return null;
  return { surname: one, given: s.slice(1) };
}

/**
 * A plausible name: known surname, given name without characters that
 * rarely occur in names, not a common word or place. `exact` is a labelled
 * value that is exactly this string (联系人：丁文政，...): with a frequent
 * surname, the given-name characters are then not checked.
 */
function plausibleName(s: string, strength: Strength, exact = false): NameShape | null {
  const shape = shapeOf(s, strength);
  if (!shape) return null;
  if (shape.given.length === 0) return null;
  const frequent = shape.surname.length === 2 || (SURNAME_FREQ.get(shape.surname) ?? 0) >= COMMON_SURNAME_MIN_FREQ;
  // 东亚, 中东, 世行: two characters with a rare surname are abbreviations, not names.
  if (!frequent && s.length === 2) return null;
  // In an exact labelled value only the last character is checked, against places and organisations (代表团, 余家村; 丁文政 is a name).
  if (exact && frequent) {
    if (NOT_LAST_IN_FIELD.has(s[s.length - 1]!)) return null;
  } else for (const c of shape.given) if (NOT_GIVEN.has(c)) return null;
  if (COMMON_WORDS.has(s) || NOT_A_NAME.has(s)) return null;
  if (REGION_NAMES.has(s) || REGION_NAMES.has(s + '市') || REGION_NAMES.has(s + '县')) return null;
  // 某/某某 only as the whole given name (张某, 李某某).
  if (shape.given.includes('某') && !/^某{1,2}$/.test(shape.given)) return null;
  return shape;
}

/** A role word ends exactly at `at` (主任|陈刚). */
function roleEndsAt(text: string, at: number): boolean {
  for (let len = 2; len <= MAX_ROLE; len++) {
    if (at - len < 0) break;
    if (ROLE_SET.has(text.slice(at - len, at))) return true;
  }
  return false;
}

/** Titles and forms of address that end a word like 高先生 or 龙行长 (not a full name). */
const TITLE_WORDS = new Set(['同志', '先生', '女士', '小姐', '老师', '师傅', '大爷', '阿姨', '大妈', '大姐', '大哥', '老板', '夫人', '太太', '奶奶', '爷爷', '叔叔', '姐姐', '哥哥', '妹妹', '弟弟', '老人', '勋爵']);

/** The candidate ends with a role or title (龙行长, 关专家, 高先生): a word, not a name. */
function endsWithRole(s: string): boolean {
  const two = s.slice(-2);
  return ROLE_SET.has(two) || TITLE_WORDS.has(two) || ROLE_SET.has(s.slice(-3));
}

/** The last character of the candidate starts a title or role (陈女|士, 施先|生): the name is shorter. */
function titleStraddles(text: string, end: number): boolean {
  const two = text.slice(end - 1, end + 1);
  return TITLE_WORDS.has(two) || ROLE_SET.has(two);
}

/**
 * Characters that commonly stand right before a name without being part of
 * it: punctuation, prepositions and conjunctions, verbs that take a person.
 */
const LEFT_OK = new Set('和与及同跟对向给让请派由被把将是为的了在据经有找问见嫁娶帮率叫使令称任选、，。；：:;,.!?！？“”"\'（）()《》【】 \t\n\u3000');
const FOREIGN_DOT = new Set('·•・.．');
/** Characters that continue a transliterated foreign name (梅德韦|杰夫, 马卡罗|夫). */
const TRANSLITERATION_NEXT = new Set('夫斯尔娃姆蒂基耶诺维奇茨瓦');
/** Characters typical of transliterations: a candidate with one, followed by another, is part of a foreign name (穆巴拉|克). */
const TRANSLITERATION = new Set('拉巴斯尔克夫娃姆蒂基耶诺维奇茨瓦德特里亚莫卡萨塔贝');

/**
 * Japanese family names and the inside of transliterations that end in a
 * Chinese surname (冈田|武史, 伊丽莎白|二世): a candidate starting at the
 * second character is a cut-out of a longer foreign name.
 */
const FOREIGN_PAIRS = new Set(
  '冈田 山田 吉田 前田 松田 本田 藤田 原田 森田 池田 石田 和田 上田 太田 武田 黑田 岛田 柴田 福田 安田 户田 佐藤 伊藤 加藤 近藤 斋藤 后藤 远藤 工藤 莎白'.split(' '),
);

/**
 * The last character of the candidate and the next one make a word
 * (任命银|行, 胡适学|术): the name is not that long. A follower right after
 * the candidate settles it the other way (吴丽华|北京报道).
 */
function rightStraddles(text: string, end: number): boolean {
  if (!hanAt(text, end) || followerAt(text, end) !== null) return false;
  const pair = text[end - 1]! + text[end]!;
  return COMMON_WORDS.has(pair) || NON_NAME_WORDS.has(pair);
}

/** Checks shared by both directions, for weak (running-text) contexts. */
function weakShapeOk(text: string, start: number, end: number, shape: NameShape): boolean {
  const s = text.slice(start, end);
  if (endsWithRole(s)) return false;
  if (s.length === 2 && s[1] === '家') return false; // 王家: the family, or a place
  // 时普遍, 江大学: a word inside the candidate.
  if (s.length === 3 && (NON_NAME_WORDS.has(s.slice(1)) || NON_NAME_WORDS.has(s.slice(0, 2)) || COMMON_WORDS.has(s.slice(0, 2)))) return false;
  if (titleStraddles(text, end)) return false;
  // 浙江|大学, 河南|硕华, 公司|首席: the surname character ends the word on its left.
  if (hanAt(text, start - 1)) {
    const pair = text[start - 1]! + text[start]!;
    if (COMMON_WORDS.has(pair) || NON_NAME_WORDS.has(pair) || REGION_NAMES.has(pair) || FOREIGN_PAIRS.has(pair)) return false;
  }
  if (rightStraddles(text, end)) return false;
  // Transliterated foreign names: 罗朗·雷斯, 马里恩·图尔, 梅德韦杰夫.
  if (FOREIGN_DOT.has(text[start - 1] ?? '') || FOREIGN_DOT.has(text[end] ?? '') || FOREIGN_DOT.has(text[end + 1] ?? '')) return false;
  if (TRANSLITERATION_NEXT.has(text[end] ?? '')) return false;
  if (TRANSLITERATION.has(text[end] ?? '') && [...shape.given].some((c) => TRANSLITERATION.has(c))) return false;
  return true;
}

interface NameHit {
  start: number;
  end: number;
  shape: NameShape;
}

/** Last characters of organisations (办公室, 财政局, 公开科): in an enumeration of 同志, a name may be glued to them. */
const ORG_FINAL = new Set('室局科办处部委院厅所站队组司心会团社馆'.split(''));

/**
 * The best name ending at `end` (anchor right after it), or null. With
 * `orgLeft`, a name glued to an organisation on its left counts as
 * delimited (市政府办公室钱伟、孔令辉同志).
 */
function nameBefore(text: string, end: number, strength: Strength, orgLeft = false): NameHit | null {
  let best: NameHit | null = null;
  let bestScore = -Infinity;
  for (let len = 2; len <= 4; len++) {
    const start = end - len;
    if (start < 0) break;
    const shape = plausibleName(text.slice(start, end), strength);
    if (!shape) continue;
    if (strength === 'weak' && !weakShapeOk(text, start, end, shape)) continue;
    let score = len === 3 ? 0.3 : len === 2 ? 0.2 : 0.35;
    if (shape.surname.length === 2) score += 0.1;
    const leftOk = !hanAt(text, start - 1) || LEFT_OK.has(text[start - 1]!) || roleEndsAt(text, start) || (orgLeft && ORG_FINAL.has(text[start - 1]!));
    if (leftOk) score += 0.2;
    // 克林顿说: a two-character candidate glued to a longer word on its left.
    else if ((len === 2 && strength === 'weak') || isDoubleSurname(shape)) continue;
    if (roleEndsAt(text, start + 1)) continue; // 主任陈刚: not 任陈刚
    if (score > bestScore) {
      bestScore = score;
      best = { start, end, shape };
    }
  }
  return best;
}

/**
 * The best name starting at `start` (anchor right before it), or null.
 * `bounded` is the end of a labelled value (first non-Han character) when
 * the name may run up to it without a follower word; with `openRight` the
 * name may also be followed by any Han character (书记张敬涛召集), three
 * characters then being the likelier length.
 */
function nameAfter(text: string, start: number, strength: Strength, bounded = -1, openRight = false): NameHit | null {
  let best: NameHit | null = null;
  let bestScore = -Infinity;
  for (let len = 2; len <= 4; len++) {
    const end = start + len;
    if (end > text.length) break;
    const shape = plausibleName(text.slice(start, end), strength);
    if (!shape) continue;
    if (strength === 'weak' && !weakShapeOk(text, start, end, shape)) continue;
    let score = len === 3 ? 0.3 : len === 2 ? 0.2 : 0.35;
    if (shape.surname.length === 2) score += 0.1;
    if (roleEndsAt(text, start + 1)) continue; // 老师|傅陈博: the role is 师傅
    if (end === bounded || !hanAt(text, end)) score += 0.3;
    else if (followerAt(text, end) !== null) score += 0.2;
    else if (isDoubleSurname(shape)) continue;
    // 胡适|学术: the next two characters are a word, so the name ends here (but 惠普|公司, 牛津|大学 are organisations).
    else if (openRight && len === 2 && NON_NAME_WORDS.has(text.slice(end, end + 2)) && !ORG_HEADS.has(text.slice(end, end + 2))) score += 0.1;
    else if (!openRight || len === 2) continue;
    if (score > bestScore) {
      bestScore = score;
      best = { start, end, shape };
    }
  }
  return best;
}

// ---------------------------------------------------------------- tables

export interface TableCell {
  start: number;
  end: number;
  /** The header cell of the column, normalised (no spaces). */
  header: string;
}

interface RawCell {
  start: number;
  end: number;
}

function splitRow(text: string, lineStart: number, lineEnd: number, sep: 'tab' | 'comma' | 'spaces'): RawCell[] {
  const cells: RawCell[] = [];
  let cellStart = lineStart;
  let i = lineStart;
  while (i <= lineEnd) {
    let sepLen = 0;
    if (i < lineEnd) {
      const c = text[i]!;
      if (sep === 'tab' && c === '\t') sepLen = 1;
      else if (sep === 'comma' && (c === ',' || c === '，')) sepLen = 1;
      else if (sep === 'spaces' && (c === ' ' || c === '\u3000')) {
        let j = i;
        while (j < lineEnd && (text[j] === ' ' || text[j] === '\u3000')) j++;
        if (j - i >= 2) sepLen = j - i;
      }
    }
    if (i === lineEnd || sepLen > 0) {
      let s = cellStart;
      let e = i;
      while (s < e && (isSpace(text[s]) || text[s] === '"')) s++;
      while (e > s && (isSpace(text[e - 1]) || text[e - 1] === '"')) e--;
      cells.push({ start: s, end: e });
      i += Math.max(sepLen, 1);
      cellStart = i;
    } else i++;
  }
  // A leading space run gives an empty first cell; drop it so rows align.
  if (sep === 'spaces' && cells.length > 0 && cells[0]!.start === cells[0]!.end) cells.shift();
  return cells;
}

export function normalizeHeader(s: string): string {
  return s
    .replace(/[\s\u3000*＊:：]/g, '')
    .replace(/[（(][^）)]*[）)]$/, '');
}

/**
 * Cells of the columns whose header matches: a header row is a line of at
 * least two short cells (tab-, comma- or 2+-space separated) with a cell
 * that `headerMatches`; every following row with the same number of cells,
 * up to a blank line, yields its cell in each matching column.
 */
export function tableColumnCells(
  pass: TextPass,
  prefilter: WordGroup,
  headerMatches: (normalized: string) => boolean,
): TableCell[] {
  const out: TableCell[] = [];
  const text = pass.text;
  // Only lines holding a prefilter word can be header rows: go from one such word to the next.
  let lineStart = 0;
  for (const hit of pass.matches(prefilter)) {
    if (hit.start < lineStart) continue;
    lineStart = text.lastIndexOf('\n', hit.start) + 1;
    const { contentEnd, next } = lineAt(text, lineStart);
    // A header row is short and has no full stop; most prose lines fail one of these cheap tests.
    const line = contentEnd - lineStart <= 400 ? text.slice(lineStart, contentEnd) : '';
    const sep = line === '' || line.includes('。') ? null : line.includes('\t') ? 'tab' : /[,，]/.test(line) ? 'comma' : /[ \u3000]{2}/.test(line) ? 'spaces' : null;
    const header = sep ? splitRow(text, lineStart, contentEnd, sep) : [];
    const columns: [number, string][] = [];
    let short = header.length >= 2;
    header.forEach((c, idx) => {
      if (c.end - c.start > 16) short = false;
      const norm = normalizeHeader(text.slice(c.start, c.end));
      if (headerMatches(norm)) columns.push([idx, norm]);
    });
    if (!sep || !short || columns.length === 0) {
      lineStart = next;
      continue;
    }
    // The rows below the header, up to a blank line or a row of another shape.
    let rowStart = next;
    while (rowStart < text.length) {
      const row = lineAt(text, rowStart);
      if (text.slice(rowStart, row.contentEnd).trim().length === 0) break;
      const cells = splitRow(text, rowStart, row.contentEnd, sep);
      if (cells.length !== header.length) break;
      for (const [idx, norm] of columns) {
        const cell = cells[idx]!;
        if (cell.end > cell.start) out.push({ start: cell.start, end: cell.end, header: norm });
      }
      rowStart = row.next;
    }
    lineStart = rowStart;
  }
  return out;
}

/** The line starting at `start`: where its content ends (before \r\n or \n) and where the next line starts. */
function lineAt(text: string, start: number): { contentEnd: number; next: number } {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return { contentEnd: end > start && text[end - 1] === '\r' ? end - 1 : end, next: end + 1 };
}

const NAME_HEADERS = new Set(['姓名', '名字', '申请人', '户主', '联系人', '户主姓名', '申请人姓名', '负责人', '法定代表人', '经办人', '被申请人', '委托人', '当事人', '获奖者', '获奖人', '参保人', '投保人', '被保险人', '领款人', '收款人', '户名', '持卡人', '承包人', '权利人', '产权人', '业主', '被征收人', '救助对象', '补助对象', '学生', '家长', '项目经理', '项目负责人', '技术负责人', '委托代理人', '代理人', '车主', '驾驶人', '签收人', '领取人']);
const NAME_HEADER_PREFILTER = wordGroup(['姓', '名字', '申请人', '户主', '联系人', '负责人', '代表人', '经办人', '委托人', '当事人', '获奖', '参保人', '投保人', '保险人', '领款人', '收款人', '户名', '持卡人', '承包人', '权利人', '产权人', '业主', '征收人', '对象', '学生', '家长', '经理', '代理人', '车主', '驾驶人', '签收人', '领取人']);
const nameHeader = (h: string): boolean => NAME_HEADERS.has(h) || (h.endsWith('姓名') && h.length <= 6);

/** A 2-character name written with spaces to align it in a table (王　芳). */
const SPACED_NAME = /^([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])$/;
/** Minority and foreign names with a middle dot (阿依古丽·买买提). */
const DOTTED_NAME = /^[\u4e00-\u9fff]{1,8}[·•・.．][\u4e00-\u9fff]{1,8}$/;

function tableNameCandidate(text: string, cell: TableCell): Candidate | null {
  const raw = text.slice(cell.start, cell.end);
  const compact = SPACED_NAME.test(raw) ? raw.replace(/[ \u3000]/g, '') : raw;
  const evidence = [`table column ${cell.header}`];
  const lastOk = !NOT_LAST_IN_FIELD.has(compact[compact.length - 1] ?? '');
  if (compact.length >= 2 && compact.length <= 4 && lastOk && !NOT_A_NAME.has(compact) && !COMMON_WORDS.has(compact)) {
    const shape = shapeOf(compact, 'strong');
    if (shape) {
      if (shape.given.includes('某') && !/^某{1,2}$/.test(shape.given)) return null;
      return { start: cell.start, end: cell.end, score: SCORE.table, pattern: 'table_column', evidence: [...evidence, `surname ${shape.surname}`] };
    }
    if (/^[\u4e00-\u9fff]+$/.test(compact)) {
      return { start: cell.start, end: cell.end, score: SCORE.tableUnknownSurname, pattern: 'table_column', evidence: [...evidence, 'surname not in list'] };
    }
  }
  if (DOTTED_NAME.test(compact) && compact.length <= 17) {
    return { start: cell.start, end: cell.end, score: SCORE.label - 0.1, pattern: 'table_column', evidence: [...evidence, 'name with middle dot'] };
  }
  return null;
}

// ---------------------------------------------------------------- detection

interface Found {
  start: number;
  end: number;
  score: number;
  pattern: string;
  evidence: string[];
}

function add(found: Map<string, Found>, hit: NameHit, score: number, pattern: string, evidence: string[]): void {
  const key = `${hit.start}:${hit.end}`;
  const withSurname = [...evidence, `surname ${hit.shape.surname}`];
  const prev = found.get(key);
  if (!prev) {
    found.set(key, { start: hit.start, end: hit.end, score, pattern, evidence: withSurname });
    return;
  }
  // Two different kinds of context find the same span: a little more certain.
  const agree = prev.pattern !== pattern ? SCORE.agreement : 0;
  found.set(key, {
    ...prev,
    score: Math.min(SCORE.max, Math.max(prev.score, score) + agree),
    pattern: prev.score >= score ? prev.pattern : pattern,
    evidence: [...new Set([...prev.evidence, ...withSurname])],
  });
}

/** After a name, a bracketed unit or note in Chinese (蒋晨（市数据资源局）, 韩文武（离任）): where it ends, else `at`. */
function skipBracket(text: string, at: number): number {
  const open = text[at];
  if (open !== '（' && open !== '(') return at;
  for (let i = at + 1; i < text.length && i - at <= 30; i++) {
    const c = text[i]!;
    if (c === '）' || c === ')') return hanAt(text, at + 1) ? i + 1 : at;
    if (c === '\n' || c === '（' || c === '(' || c === '。') return at;
  }
  return at;
}

/** Follows 、-separated names after (or before) an accepted one, each with an optional bracketed unit. */
function enumerateAfter(text: string, found: Map<string, Found>, from: number, strength: Strength, score: number, evidence: string[]): void {
  let at = skipBracket(text, from);
  for (let guard = 0; guard < 200 && text[at] === '、'; guard++) {
    const hit = nameAfter(text, at + 1, strength);
    if (!hit) return;
    add(found, hit, score, 'enumeration', [...evidence, 'enumeration']);
    at = skipBracket(text, hit.end);
  }
}

function enumerateBefore(text: string, found: Map<string, Found>, from: number, strength: Strength, score: number, evidence: string[], orgLeft = false): void {
  let at = from;
  for (let guard = 0; guard < 200 && at > 0 && text[at - 1] === '、'; guard++) {
    const hit = nameBefore(text, at - 1, strength, orgLeft);
    if (!hit) return;
    add(found, hit, score, 'enumeration', [...evidence, 'enumeration']);
    at = hit.start;
  }
}

/** After a label: optional spaces, then a colon or tab (strong), spaces only (strong) or nothing (weaker). */
/** Between a label and its colon: 申请人（签字）：, 联系人及电话：, 经办人签名：. */
const LABEL_QUALIFIER = /[ \u3000]*(?:[（(][^）)\n]{0,8}[）)]|及(?:联系)?(?:电话|方式|联系方式|手机)|签字|签名|姓名)[ \u3000]*(?=[:：])/y;

function afterLabel(text: string, at: number): { valueStart: number; separator: 'colon' | 'tab' | 'space' | 'none' } {
  let i = at;
  LABEL_QUALIFIER.lastIndex = at;
  if (LABEL_QUALIFIER.test(text)) i = LABEL_QUALIFIER.lastIndex;
  while (i < text.length && isSpace(text[i])) i++;
  const c = text[i];
  if (c === '：' || c === ':') {
    i++;
    while (i < text.length && isSpace(text[i])) i++;
    return { valueStart: i, separator: 'colon' };
  }
  if (c === '\t') {
    while (i < text.length && (text[i] === '\t' || isSpace(text[i]))) i++;
    return { valueStart: i, separator: 'tab' };
  }
  return { valueStart: i, separator: i === at ? 'none' : 'space' };
}

/** Words that may follow a name inside a labelled value (联系人：王芳电话...). */
const FIELD_FOLLOWERS = ['电话', '手机', '联系', '性别', '男', '女', '身份', '证件', '住址', '地址', '家住', '现住', '户籍', '住', '年龄',
  '出生', '生于', '民族', '汉族', '职务', '职业', '工作', '单位', '籍贯', '系', '现年', '同志', '先生', '女士', '老师', '等', '于', '因',
  '诉', '申请', '提出', '签名', '签字', '与', '和', '及', '（', '(', '，', '、'];

/**
 * The name in a labelled value: the whole run of Han characters when it is
 * a name (联系人：丁文政，), else a prefix followed by a field word
 * (联系人：王芳电话...).
 */
function labelValueName(text: string, valueStart: number, valueEnd: number, strength: Strength): NameHit | null {
  const run = valueEnd - valueStart;
  if (run >= 2 && run <= 4) {
    const shape = plausibleName(text.slice(valueStart, valueEnd), strength, true);
    if (shape && (strength === 'strong' || weakShapeOk(text, valueStart, valueEnd, shape))) return { start: valueStart, end: valueEnd, shape };
  }
  for (const len of [3, 2, 4]) {
    const end = valueStart + len;
    if (end >= valueEnd || !FIELD_FOLLOWERS.some((f) => text.startsWith(f, end))) continue;
    const shape = plausibleName(text.slice(valueStart, end), strength);
    if (shape && (strength === 'strong' || weakShapeOk(text, valueStart, end, shape))) return { start: valueStart, end, shape };
  }
  return null;
}

/** A labelled value: `王芳` after `联系人：`, `李明` after `申请人`, and names enumerated after it. */
function labelled(text: string, found: Map<string, Found>, word: string, kind: 'label' | 'role', at: number): void {
  const { valueStart, separator } = afterLabel(text, at);
  const label = word.replace(/[ \u3000]/g, '');
  const evidence = [`${kind} ${label}`];
  if (separator === 'none') {
    const hit = nameAfter(text, valueStart, 'weak', -1, !KIN_ROLE_SET.has(label));
    if (!hit) return;
    const score = kind === 'label' ? SCORE.labelBare : SCORE.role;
    add(found, hit, score, kind, evidence);
    enumerateAfter(text, found, hit.end, 'weak', score, evidence);
    return;
  }
  let valueEnd = valueStart;
  while (valueEnd < text.length && isHan(text.charCodeAt(valueEnd))) valueEnd++;
  // 王　芳: a two-character name spaced out to align with longer ones.
  if (valueEnd === valueStart + 1 && isSpace(text[valueEnd])) {
    let j = valueEnd;
    while (j < text.length && j - valueEnd < 3 && isSpace(text[j])) j++;
    if (hanAt(text, j) && !hanAt(text, j + 1)) {
      const shape = plausibleName(text[valueStart]! + text[j]!, 'strong');
      if (shape) add(found, { start: valueStart, end: j + 1, shape }, SCORE.label, 'label', evidence);
      return;
    }
  }
  const strength: Strength = kind === 'label' ? 'strong' : 'weak';
  let hit = labelValueName(text, valueStart, valueEnd, strength);
  // 联系人：市政府办公室政务公开科 潘志刚: a unit, a space, then the name.
  if (!hit && kind === 'label' && valueEnd - valueStart > 4 && ORG_FINAL.has(text[valueEnd - 1]!) && isSpace(text[valueEnd])) {
    let nameStart = valueEnd;
    while (nameStart < text.length && nameStart - valueEnd < 4 && isSpace(text[nameStart])) nameStart++;
    let nameEnd = nameStart;
    while (nameEnd < text.length && isHan(text.charCodeAt(nameEnd))) nameEnd++;
    hit = labelValueName(text, nameStart, nameEnd, strength);
  }
  if (!hit) return;
  const rare = hit.shape.surname.length === 1 && (SURNAME_FREQ.get(hit.shape.surname) ?? 0) < COMMON_SURNAME_MIN_FREQ;
  const score = kind === 'role' ? SCORE.roleColon : rare ? SCORE.labelRareSurname : SCORE.label;
  add(found, hit, score, 'label', evidence);
  enumerateAfter(text, found, hit.end, strength, Math.min(score, SCORE.enumeration), evidence);
}

/**
 * A list of names with no other context (李菊、王楠、杨影出征): every item
 * must be a plausible name on its own. Returns where the list ends, so
 * that its other 、 are not looked at again.
 */
function nameList(text: string, found: Map<string, Found>, firstSep: number): number {
  const first = nameBefore(text, firstSep, 'weak');
  if (!first) return firstSep + 1;
  const items: NameHit[] = [first];
  let at = firstSep;
  for (let guard = 0; guard < 500 && text[at] === '、'; guard++) {
    let runEnd = at + 1;
    while (runEnd < text.length && runEnd - at <= 5 && isHan(text.charCodeAt(runEnd))) runEnd++;
    const len = runEnd - at - 1;
    let hit: NameHit | null = null;
    if (len >= 2 && len <= 4 && !hanAt(text, runEnd)) {
      const shape = plausibleName(text.slice(at + 1, runEnd), 'weak');
      if (shape && weakShapeOk(text, at + 1, runEnd, shape)) hit = { start: at + 1, end: runEnd, shape };
    } else hit = nameAfter(text, at + 1, 'weak', -1, true);
    if (!hit) break;
    items.push(hit);
    at = hit.end;
  }
  if (items.length >= 2) {
    for (const hit of items) add(found, hit, SCORE.list + (items.length >= 3 ? 0.05 : 0), 'list', [`list of ${items.length}`]);
  }
  return at + 1;
}

// ---------------------------------------------------------------- fields without a label word

/** Headings written alone on a line with a colon, like a salutation (附件：, 主送：). */
const HEADING_WORDS = new Set(
  '附件 主送 抄送 抄报 备注 说明 答复 回复 意见 建议 要求 结论 理由 事由 来源 时间 地点 内容 原因 问题 措施 目标 任务 背景 摘要 主题 主题词 关键词 签发 审核 审批 核稿 拟稿 校对 印发 发文 编号 日期 电话 传真 邮编 网址 甲方 乙方 丙方 丁方 项目 单位 部门 职务 金额 合计 总计 方法 步骤 经查 经审查 经研究 经调查 特此 此复 此致 各位 各单位 全体 同志们 会议 会议决定 会议认为 会议指出 会议要求 现通知 附表 附录 注释 注意 提示 责任 分工 牵头 配合 时限 效果 依据 程序 流程 标准 范围 对象 条件 材料 结果'.split(' '),
);

/** A name that is a whole value without a label word (a salutation, a contact): all of it checked, frequent or compound surname. */
function standaloneName(text: string, start: number, end: number): NameShape | null {
  const s = text.slice(start, end);
  if (HEADING_WORDS.has(s)) return null;
  const shape = plausibleName(s, 'strong');
  if (!shape) return null;
  // A rare surname is a word here; so are two characters with an ambiguous surname (商家，电话; 安卓，手机) or a doubled one (明明).
  if (shape.surname.length === 1 && (SURNAME_FREQ.get(shape.surname) ?? 0) < COMMON_SURNAME_MIN_FREQ) return null;
  if (s.length === 2 && (AMBIGUOUS_SURNAMES.has(shape.surname) || s[0] === s[1])) return null;
  if (endsWithRole(s)) return null;
  if (s.length === 3 && (NON_NAME_WORDS.has(s.slice(1)) || NON_NAME_WORDS.has(s.slice(0, 2)) || COMMON_WORDS.has(s.slice(0, 2)))) return null;
  return shape;
}

/** A line that is only a name and a colon: the salutation of a letter or reply (黄立新：, 王芳同志：, 尊敬的虞海波代表：). Tried at line starts only. */
const SALUTATION_LINE = /[ \t\u3000]*(?:尊敬的)?([\u4e00-\u9fff]{2,4}?)(?:同志|先生|女士|代表|委员)?[ \u3000]*[：:][ \t\u3000]*(?=\r?\n|$)/y;

/**
 * A name right before a telephone (戴云飞，电话：…, （沈建平，18906718824）,
 * 政务公开科 潘志刚，联系电话): the contact of a unit. The name is the whole
 * run of Han characters after a delimiter or a space. Found from the
 * telephone backwards: a regex tried at every Han character was the
 * detector's slowest step.
 */
const PHONE_ANCHOR = /联系电话|办公电话|固定电话|电话|手机|座机|\d{7,11}(?!\d)/g;
const NAME_DELIMITERS = ' \t\n\r\u3000\u00a0（(；;，,、：:';

function contactNames(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of matchAll(PHONE_ANCHOR, text)) {
    const end = isDigit(m[0].charCodeAt(0)) ? nameEndBeforeNumber(text, m.index + m[0].length) : nameEndBeforeWord(text, m.index);
    if (end < 0) continue;
    let start = end;
    while (start > 0 && start > end - 5 && text.charCodeAt(start - 1) >= 0x4e00 && text.charCodeAt(start - 1) <= 0x9fff) start--;
    if (end - start < 2 || end - start > 4) continue;
    if (start > 0 && !NAME_DELIMITERS.includes(text[start - 1]!)) continue;
    out.push([start, end]);
  }
  return out;
}

/** 张三，电话 / 张三：手机 / 张三 座机: where the name ends, or -1. */
function nameEndBeforeWord(text: string, at: number): number {
  let j = at;
  while (j > 0 && isInlineSpace(text[j - 1])) j--;
  if (j > 0 && '，,：:'.includes(text[j - 1]!)) {
    j--;
    while (j > 0 && isInlineSpace(text[j - 1])) j--;
  }
  return j < at ? j : -1;
}

/** 张三，13812345678 / 张三，(010)12345678 / 张三，0571-87654321: where the name ends, or -1. */
function nameEndBeforeNumber(text: string, digitsEnd: number): number {
  let j = digitsEnd;
  while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
  const run = digitsEnd - j;
  // 7-11 digits, or an area code written without a separator in front of them.
  if (run > 11 && !(text[j] === '0' && run <= 15)) return -1;
  if (j > 0 && '）)'.includes(text[j - 1]!)) {
    const code = areaCodeBefore(text, j - 1);
    if (code < 1 || !'（('.includes(text[code - 1]!)) return -1;
    j = code - 1;
  } else if (j > 0 && '-－'.includes(text[j - 1]!)) {
    j = areaCodeBefore(text, j - 1);
    if (j < 0) return -1;
  }
  while (j > 0 && isInlineSpace(text[j - 1])) j--;
  return j > 0 && '，,'.includes(text[j - 1]!) ? j - 1 : -1;
}

/** Start of an area code (0 and 2-3 digits) ending at `end`, or -1. */
function areaCodeBefore(text: string, end: number): number {
  let j = end;
  while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
  return end - j >= 3 && end - j <= 4 && text[j] === '0' ? j : -1;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isInlineSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\u3000';
}

/** Minutes and attendance lists: 出席：…、…; 列席：蒋晨（市数据资源局）、叶青（市财政局）; 记录：汪佳敏. */
const MINUTES_LABEL = /(?<=^|[\s；;。])(出席|列席|缺席|请假|记录|主持|出席人员|列席人员|参会人员|参加人员|与会人员|参会领导|出席领导|会议主持|主持人|记录人|参会人|出席人|列席人|参加人)[ \u3000]*[：:][ \u3000]*/g;

function minutesList(text: string, found: Map<string, Found>, from: number, label: string): void {
  let at = from;
  for (let guard = 0; guard < 200; guard++) {
    let end = at;
    while (end < text.length && isHan(text.charCodeAt(end))) end++;
    if (end - at < 2 || end - at > 4) return;
    const shape = plausibleName(text.slice(at, end), 'strong', true);
    if (!shape || endsWithRole(text.slice(at, end))) return;
    add(found, { start: at, end, shape }, SCORE.label, 'label', [`label ${label}`]);
    let next = skipBracket(text, end);
    if ('、，,'.includes(text[next] ?? '\n')) next++;
    else if (!isSpace(text[next])) return;
    while (next < text.length && isSpace(text[next])) next++;
    at = next;
  }
}

/**
 * The name opening a résumé or 公示 paragraph: 吴重阳，中国国籍，…;
 * 张三，男，1975年生; 郑培敏：男，…; 韩文武（离任）：男; 韩公博先生：1969年出生.
 * Tried at line starts only.
 */
const PROFILE_START = /[ \t\u3000]*([\u4e00-\u9fff]{2,4})(?:[（(][^）)\n]{1,12}[）)])?(?:先生|女士)?[ \u3000]*[，,：:][ \u3000]*(?:[男女](?=[，,。；;、\s）)]|$)|中国国籍|中国籍|汉族|回族|满族|壮族|中共党员|现任|曾任|历任|出生于|生于|[0-9０-９]{4}年(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?出?生)/y;

/** `re` (sticky) tried at the start of every line. */
function* atLineStarts(re: RegExp, text: string): Generator<RegExpExecArray> {
  for (let pos = 0; pos < text.length; ) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m) yield m;
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
}

function fieldsWithoutLabel(text: string, found: Map<string, Found>): void {
  for (const m of atLineStarts(SALUTATION_LINE, text)) {
    const start = m.index + m[0].indexOf(m[1]!);
    const end = start + m[1]!.length;
    const shape = standaloneName(text, start, end);
    if (shape) add(found, { start, end, shape }, SCORE.salutation, 'salutation', ['salutation line']);
  }
  for (const [start, end] of contactNames(text)) {
    if (found.has(`${start}:${end}`)) continue;
    const shape = standaloneName(text, start, end);
    if (shape) add(found, { start, end, shape }, SCORE.contact, 'contact', ['name before a telephone']);
  }
  for (const m of text.matchAll(MINUTES_LABEL)) minutesList(text, found, m.index + m[0].length, m[1]!);
  for (const m of atLineStarts(PROFILE_START, text)) {
    const start = m.index + m[0].indexOf(m[1]!);
    const end = start + m[1]!.length;
    const shape = plausibleName(text.slice(start, end), 'strong', true);
    if (shape && !endsWithRole(text.slice(start, end))) add(found, { start, end, shape }, SCORE.profile, 'profile', ['opens a résumé paragraph']);
  }
}

function detectNames(text: string, pass = new TextPass(text)): Candidate[] {
  const found = new Map<string, Found>();
  const matches = pass.matches(ANCHOR_GROUP);
  // Keep the longest anchor among those ending at the same place (被申请人 over 申请人).
  const longestEnding = new Map<number, number>();
  for (let k = 0; k < matches.length; k++) {
    const m = matches[k]!;
    const prev = longestEnding.get(m.end);
    if (prev === undefined || matches[prev]!.start > m.start) longestEnding.set(m.end, k);
  }
  let listEnd = -1;
  for (const k of [...longestEnding.values()].sort((a, b) => a - b)) {
    const m = matches[k]!;
    const word = ANCHOR_WORDS[m.pattern]!;
    const spec = ANCHORS.get(word)!;
    switch (spec.kind) {
      case 'label':
        labelled(text, found, word, 'label', m.end);
        break;
      case 'role': {
        // 妇女儿童, 大丈夫: the role is part of another word.
        if (m.start > 0 && ROLE_BLOCKED_BY.get(word)?.includes(text[m.start - 1]!)) break;
        // Roles follow names too (李瑞环主席, 李铁辰校长说), unless the role is part of a longer word (大使馆, 会计师).
        if (followerAt(text, m.end) !== null || !hanAt(text, m.end)) {
          // 吴晓东副市长讲话, 王强常务副县长: the name stands before 副.
          const deputy = m.start >= 3 && text.startsWith('常务副', m.start - 3) ? 3 : text[m.start - 1] === '副' ? 1 : 0;
          const before = nameBefore(text, m.start - deputy, 'weak');
          if (before) add(found, before, SCORE.roleAfterName, 'title', [`title ${deputy ? text.slice(m.start - deputy, m.end) : word}`]);
        }
        labelled(text, found, word, 'role', m.end);
        break;
      }
      case 'title':
      case 'predicate': {
        // 小说, 据说, 名称, 简称: the anchor is part of another word.
        if (m.start > 0 && PREDICATE_BLOCKED_BY.get(word)?.includes(text[m.start - 1]!)) break;
        // 等同志 / 等人: the name stands before 等.
        // Before 同志 every member of the enumeration is a name, even glued to a unit (市政府办公室钱伟、孔令辉同志).
        const comrades = word === '同志' || word === '等同志';
        const hit = nameBefore(text, m.start, 'weak', comrades);
        if (!hit) break;
        const evidence = [`${spec.kind} ${word}`];
        add(found, hit, spec.score, spec.kind, evidence);
        enumerateBefore(text, found, hit.start, 'weak', spec.score, evidence, comrades);
        break;
      }
      case 'gender': {
        const after = m.end < text.length ? text[m.end]! : '\n';
        if (!/[，,、）)。；;\s性\d]/.test(after)) break;
        const hit = nameBefore(text, m.start, 'weak');
        if (!hit) break;
        add(found, hit, spec.score, 'gender', [`gender ${word.slice(-1)}`]);
        break;
      }
      case 'list':
        if (m.start >= listEnd) listEnd = nameList(text, found, m.start);
        break;
      case 'pseudonym': {
        // 张某 / 张某某 / 欧阳某: the surname is right before the first 某.
        if (m.start > 0 && text[m.start - 1] === '某') break;
        let end = m.end;
        if (text[end] === '某') end++;
        for (const sl of [2, 1]) {
          const start = m.start - sl;
          if (start < 0) continue;
          const shape = plausibleName(text.slice(start, end), 'weak');
          if (!shape || shape.surname.length !== sl) continue;
          if (hanAt(text, end) && followerAt(text, end) === null) break;
          add(found, { start, end, shape }, spec.score, 'pseudonym', ['pseudonym 某']);
          break;
        }
        break;
      }
    }
  }
  fieldsWithoutLabel(text, found);
  for (const cell of tableColumnCells(pass, NAME_HEADER_PREFILTER, nameHeader)) {
    const c = tableNameCandidate(text, cell);
    if (!c) continue;
    const key = `${c.start}:${c.end}`;
    const prev = found.get(key);
    found.set(key, {
      start: c.start,
      end: c.end,
      score: Math.max(c.score, prev?.score ?? 0),
      pattern: 'table_column',
      evidence: [...new Set([...(prev?.evidence ?? []), ...c.evidence!])],
    });
  }
  return toCandidates([...found.values()]);
}

export { resolveOverlaps };

function toCandidates(list: Found[]): Candidate[] {
  return resolveOverlaps(list).map((f) => ({
    start: f.start,
    end: f.end,
    score: Math.round(f.score * 100) / 100,
    pattern: f.pattern,
    evidence: f.evidence,
  }));
}

export const personNameDetector: Detector = {
  id: 'cn_person_name',
  version: 1,
  type: 'person_name',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['身份证', '公民身份号码', '联系电话', '手机', '住址', '家庭住址', '性别', '出生', '民族'],
  contextBoost: 0.05,
  detect: detectNames,
};
