import { BASIS } from '../basis';
import { CITY_NAMES, CITY_SHORT_NAMES, COUNTY_NAMES, PROVINCE_NAMES, PROVINCE_SHORT_NAMES } from '../data/region-names';
import type { Candidate, Detector } from '../detector';
import { TextPass, wordGroup } from '../text-pass';
import { isHan, normalizeHeader, resolveOverlaps, tableColumnCells } from './person-name';

/**
 * Home addresses: a span that starts with a province, city or county name,
 * a road name or an address label (住址：) and continues with address
 * components (区/县/镇/村/路/号/栋/单元/室 ...) down to a house, building,
 * unit or room. A bare place name (北京市, 朝阳区, 李家村) is not an
 * address; neither is a street alone (王府井大街). Scores: home-like
 * endings (室, 单元, 栋, 组 ...) highest, a street number (路18号) lower
 * because offices have those too; labels raise both, a personal label
 * (住址, 户籍地址) or a verb of residence (，住…, 居住在…) more than 地址.
 * The span ends before the next field (，联系电话 ...). Below a 街道, 镇 or
 * 乡 an estate or village may be written without a suffix (良渚街道七贤郡
 * 18幢). Header cells of a table are never values.
 */

// ---------------------------------------------------------------- components

/** Administrative and place suffixes of a named component, longest first. */
const NAMED_SUFFIXES = [
  '特别行政区', '村民委员会', '街道办事处', '社区居委会', '村民小组', '自治区', '自治州', '自治县', '自治旗', '办事处', '居委会',
  '村委会', '开发区', '工业区', '工业园', '产业园', '科技园', '经济区', '管理区', '大街', '大道', '胡同', '小区', '花园', '公寓', '大厦',
  '广场', '新村', '家园', '山庄', '庄园', '宿舍', '大院', '园区', '新区', '商城', '中心', '街道', '社区', '地区', '校区', '片区', '东路',
  '西路', '南路', '北路', '中路', '东街', '西街', '南街', '北街', '大楼', '家属院', '小组', '省', '市', '州', '盟', '区', '县', '旗', '镇',
  '乡', '村', '屯', '寨', '路', '街', '道', '巷', '弄', '段', '里', '苑', '园', '府', '城', '湾', '庭', '居', '阁', '轩', '邸', '院',
  '坊', '楼', '座', '塔', '馆', '港', '岛', '坪', '营', '堡', '坝', '岗', '桥', '门', '口', '场', '厂', '矿', '站', '所', '队', '店', '铺',
].sort((a, b) => b.length - a.length);
const SUFFIX_BY_LAST = new Map<string, string[]>();
for (const s of NAMED_SUFFIXES) {
  const last = s[s.length - 1]!;
  SUFFIX_BY_LAST.set(last, [...(SUFFIX_BY_LAST.get(last) ?? []), s]);
}

/** Suffixes of roads: a road start (科技园路18号) needs one right before the number. */
const ROAD_SUFFIXES = ['大街', '大道', '胡同', '东路', '西路', '南路', '北路', '中路', '路', '街', '道', '巷', '弄', '段', '里'];

/** Named components that end an address as a home does (村民小组, 3组). */
const HOME_NAMED = new Set(['小组', '村民小组', '屯']);

/**
 * Characters that never occur inside a named address component: particles,
 * verbs and nouns of prose. They stop a component, so that prose after a
 * place name (北京市人民政府关于...) is not taken for an address.
 */
const STOP = new Set(
  '的了在是与及或对从到由将把被等并且而但就都也还又这那其此所没不要会能可该请让使给说称年共约计亿元届期次件项份我你他她它们为以因于即若如等、，。；：:;,.!?！？“”"\'（）()《》【】[]{}<>〈〉'.split(''),
);

/** Units after a number: which end a home address, which only a street address. */
const NUMBER_UNITS: readonly [string, 'home' | 'street' | 'inner'][] = [
  ['号楼', 'home'], ['号院', 'street'], ['号房', 'home'], ['单元', 'home'], ['号', 'street'], ['栋', 'home'], ['幢', 'home'],
  ['座', 'home'], ['层', 'home'], ['楼', 'home'], ['室', 'home'], ['户', 'home'], ['房', 'home'], ['组', 'home'], ['队', 'home'],
  ['弄', 'inner'], ['巷', 'inner'], ['排', 'home'], ['期', 'inner'], ['区', 'inner'], ['门', 'inner'], ['街坊', 'inner'], ['支弄', 'inner'],
];
const NUMBER_RE = /(第|[甲乙丙丁]|之)?([0-9０-９]{1,5}[A-Za-zＡ-Ｚａ-ｚ](?![A-Za-z])|[0-9０-９]+(?:[-－—][0-9０-９]+){0,3}|[A-Za-zＡ-Ｚａ-ｚ][0-9０-９]{0,4}|[一二三四五六七八九十百零〇两]{1,4})/y;
/** After 号 these make a document number, a line or a date, not a house (2号线, 8号文, 3号令). */
const NOT_AFTER_HAO = new Set('线文令码机车位字件窗'.split(''));

type Step = {
  end: number;
  kind: 'region' | 'named' | 'number' | 'room' | 'space';
  home: boolean;
  terminal: boolean;
  street: boolean;
  /** A building (大厦, 公寓, 塔 ...): a bare room number may follow. */
  building?: boolean;
  /** A 街道, 镇 or 乡: an estate or village name without a suffix may follow (良渚街道|七贤郡|18幢). */
  town?: boolean;
};

/** Named components below which estates and villages are often written without a suffix (七贤郡, 大陆). */
const TOWN_SUFFIXES = new Set(['街道', '街道办事处', '镇', '乡']);

/** Right after an estate or village name without a suffix: a number and a unit of a home (18幢, 3组, 58号). */
const ESTATE_UNIT_AHEAD = /(?:[0-9０-９]{1,5}(?:[-－][0-9０-９]{1,4}){0,2}|[一二三四五六七八九十]{1,3})(?:号楼|幢|栋|单元|室|号|组|座)/y;

/**
 * Place words that contain a character of STOP (将军路, 为民路, 会展路):
 * read as a whole, so that the stop character does not end the component.
 */
const PLACE_WORDS_WITH_STOP = ['将军', '为民', '会展', '会稽', '如意', '所前', '都江'];

/** Named components that are buildings: 济通大厦308. */
const BUILDING_SUFFIXES = new Set(['大厦', '公寓', '大楼', '楼', '座', '塔', '阁', '院', '宿舍', '家属院']);

// ---------------------------------------------------------------- region names

const REGION_FULL = [...PROVINCE_NAMES, ...CITY_NAMES, ...COUNTY_NAMES];
const REGION_SHORT = [...PROVINCE_SHORT_NAMES, ...CITY_SHORT_NAMES];
const REGION_FULL_SET = new Set(REGION_FULL);
const REGION_BY_FIRST = new Map<string, string[]>();
for (const r of new Set([...REGION_FULL, ...REGION_SHORT])) {
  const list = REGION_BY_FIRST.get(r[0]!) ?? [];
  list.push(r);
  REGION_BY_FIRST.set(r[0]!, list.sort((a, b) => b.length - a.length));
}

const REGION_START_GROUP = wordGroup([...new Set([...REGION_FULL, ...REGION_SHORT])]);

function fullRegionAt(text: string, i: number): boolean {
  for (const r of REGION_BY_FIRST.get(text[i] ?? '') ?? []) if (REGION_FULL_SET.has(r) && text.startsWith(r, i)) return true;
  return false;
}

/** Characters of units that can close an address (号, 室, 栋, 组 ...). */
const TERMINAL_CHARS = new Set('号室栋幢单元组楼层户座房队排屯0123456789０１２３４５６７８９'.split(''));

/** Within the next clause (up to a sentence delimiter, at most MAX_ADDRESS characters) there is a unit that closes an address. */
function terminalAhead(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + MAX_ADDRESS);
  for (let i = from; i < limit; i++) {
    const c = text[i]!;
    if (c === '，' || c === '。' || c === '；' || c === '\n' || c === '、' || c === ',' || c === ';') return false;
    if (TERMINAL_CHARS.has(c)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- labels

/** Labels of a person's address (strong) and of any address (weaker: offices have addresses too). */
const PERSONAL_LABELS = [
  '家庭住址', '家庭地址', '户籍地址', '户籍所在地', '户口所在地', '现住址', '现居住地', '现住', '居住地址', '居住地', '住址', '家住',
  '住所地', '住所', '经常居住地', '身份证地址', '户籍地', '暂住地', '暂住地址', '收货地址', '收件地址', '现居',
];
const GENERIC_LABELS = ['地址', '通讯地址', '通信地址', '联系地址', '送达地址', '邮寄地址', '详细地址', '所在地', '注册地址', '单位地址'];
const LABELS = new Map<string, 'personal' | 'generic'>([
  ...PERSONAL_LABELS.map((l) => [l, 'personal'] as const),
  ...GENERIC_LABELS.map((l) => [l, 'generic'] as const),
]);
const LABEL_WORDS = [...LABELS.keys()];
const LABEL_GROUP = wordGroup(LABEL_WORDS);

/** Words that start the next field: a labelled address ends before them. */
const NEXT_FIELD = ['联系电话', '电话', '手机', '邮编', '邮政编码', '身份证', '公民身份', '性别', '民族', '出生', '年龄', '姓名', '工作单位', '职业', '联系人', '邮箱', '户主', '与户主'];

// ---------------------------------------------------------------- parsing

function isSpaceChar(c: string | undefined): boolean {
  return c === ' ' || c === '\u3000' || c === '\u00a0';
}

const NEXT_FIELD_FIRST = new Set(NEXT_FIELD.map((w) => w[0]!));

function nextFieldAt(text: string, i: number): boolean {
  if (!NEXT_FIELD_FIRST.has(text[i] ?? '')) return false;
  for (const w of NEXT_FIELD) if (text.startsWith(w, i)) return true;
  return false;
}

/**
 * Named component at `p`: up to 14 name characters ending in a suffix
 * (longest suffix); every possible end. In a labelled value (`labelled`),
 * a run without a suffix right before a number also counts (西河沿|甲215号).
 */
function namedSteps(text: string, p: number, out: Step[], labelled: boolean, afterTown: boolean): void {
  const limit = Math.min(text.length, p + 14);
  let i = p;
  let free = 0; // characters of a place word still to read without the STOP test
  while (i < limit) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (free === 0 && STOP.has(c)) {
      const word = PLACE_WORDS_WITH_STOP.find((w) => text.startsWith(w, i));
      if (word) free = word.length;
    }
    if (!(isHan(code) || letter) || (free === 0 && STOP.has(c)) || nextFieldAt(text, i)) break;
    if (free > 0) free--;
    i++;
    for (const suffix of SUFFIX_BY_LAST.get(c) ?? []) {
      const start = i - suffix.length;
      // The suffix alone (路, 小区) is not a component: it needs a name before it.
      if (start <= p || !text.startsWith(suffix, start)) continue;
      const home = HOME_NAMED.has(suffix);
      out.push({
        end: i,
        kind: 'named',
        home,
        terminal: home,
        street: ROAD_SUFFIXES.includes(suffix),
        building: BUILDING_SUFFIXES.has(suffix),
        town: TOWN_SUFFIXES.has(suffix),
      });
      break;
    }
  }
  if (labelled && i - p >= 2 && i - p <= 8 && /[0-9０-９甲乙丙丁]/.test(text[i] ?? '')) {
    out.push({ end: i, kind: 'named', home: false, terminal: false, street: true });
  }
  // Below a 街道, 镇 or 乡, an estate or village name without a suffix, right before a building, unit, house or group number.
  if (afterTown) {
    for (let e = Math.min(i, p + 6); e >= p + 2; e--) {
      ESTATE_UNIT_AHEAD.lastIndex = e;
      if (ESTATE_UNIT_AHEAD.test(text)) {
        out.push({ end: e, kind: 'named', home: false, terminal: false, street: false });
        break;
      }
    }
  }
}

function numberSteps(text: string, p: number, prev: Step | null, out: Step[]): void {
  NUMBER_RE.lastIndex = p;
  const m = NUMBER_RE.exec(text);
  if (!m) return;
  const afterNumber = p + m[0].length;
  const chinese = /^[一二三四五六七八九十百零〇两]/.test(m[2]!);
  for (const [unit, kind] of NUMBER_UNITS) {
    if (!text.startsWith(unit, afterNumber)) continue;
    const end = afterNumber + unit.length;
    if (unit === '号' && NOT_AFTER_HAO.has(text[end] ?? '')) return;
    // Chinese numerals only before units that take them (三组, 五单元, 二楼, 一号).
    if (chinese && !['组', '队', '单元', '楼', '层', '栋', '幢', '号楼', '号', '巷', '弄', '排', '期', '区'].includes(unit)) return;
    // 组织, 组建, 队伍: the unit begins a word.
    if ((unit === '组' || unit === '队') && end < text.length && '织建成员长团伍列'.includes(text[end]!)) return;
    out.push({ end, kind: 'number', home: kind === 'home', terminal: kind !== 'inner', street: kind === 'street' });
    return;
  }
  // A bare room number after a unit, building or floor (2单元501), or a house number after a road (科技园路18-3-501).
  const digits = /^[0-9０-９]+(?:[-－—][0-9０-９]+)*$/.test(m[2]!);
  const nextIsHan = isHan(text.charCodeAt(afterNumber) || 0) && !nextFieldAt(text, afterNumber);
  if (m[1] === '之' && digits) {
    // 4号之8: a sub-number of the house.
    out.push({ end: afterNumber, kind: 'number', home: false, terminal: false, street: true });
    return;
  }
  if (digits && !m[1] && prev && (prev.home || prev.building || (prev.street && m[2]!.includes('-'))) && !nextIsHan) {
    if (/[0-9０-９]/.test(text[afterNumber] ?? '')) return;
    out.push({ end: afterNumber, kind: 'room', home: true, terminal: true, street: false });
  }
}

function regionSteps(text: string, p: number, out: Step[]): void {
  for (const r of REGION_BY_FIRST.get(text[p]!) ?? []) {
    if (!text.startsWith(r, p)) continue;
    out.push({ end: p + r.length, kind: 'region', home: false, terminal: false, street: false });
  }
}

interface Parse {
  end: number;
  home: boolean;
  street: boolean;
  components: number;
  regions: number;
  /** End of the longest parse, terminal or not. */
  furthest: number;
}

const MAX_ADDRESS = 80;

/**
 * Parses address components from `start`: a small dynamic programme over
 * positions (each reachable position keeps its best path), so that 科技园|路
 * and 科技园路 are both tried. Returns the furthest end that closes on a
 * house, building, unit or room, or null.
 */
interface State {
  step: Step | null;
  components: number;
  regions: number;
  home: boolean;
  street: boolean;
}

function parseAddress(text: string, start: number, labelled = false): Parse | null {
  const limit = Math.min(text.length, start + MAX_ADDRESS);
  // best[i]: the best path reaching start + i (most components, then home-like).
  const best: (State | undefined)[] = new Array(limit - start + 1);
  best[0] = { step: null, components: 0, regions: 0, home: false, street: false };
  let result: Parse | null = null;
  let furthest = start;
  let reach = start;
  const steps: Step[] = [];
  for (let p = start; p < limit && p <= reach; p++) {
    const here = best[p - start];
    if (!here) continue;
    steps.length = 0;
    regionSteps(text, p, steps);
    numberSteps(text, p, here.step, steps);
    namedSteps(text, p, steps, labelled && p === start, here.step?.town === true);
    if (here.components > 0 && isSpaceChar(text[p]) && !isSpaceChar(text[p + 1])) {
      steps.push({ end: p + 1, kind: 'space', home: here.home, terminal: false, street: here.street });
    }
    for (const st of steps) {
      if (st.end > limit) continue;
      const next: State = {
        step: st.kind === 'space' ? here.step : st,
        components: here.components + (st.kind === 'space' ? 0 : 1),
        regions: here.regions + (st.kind === 'region' ? 1 : 0),
        home: here.home || st.home,
        street: here.street || st.street,
      };
      const prev = best[st.end - start];
      if (!prev || next.components > prev.components || (next.components === prev.components && next.home && !prev.home)) best[st.end - start] = next;
      reach = Math.max(reach, st.end);
      if (st.kind !== 'space') furthest = Math.max(furthest, st.end);
      if (st.terminal && (!result || st.end >= result.end)) {
        result = { end: st.end, home: next.home, street: next.street, components: next.components, regions: next.regions, furthest: 0 };
      }
    }
  }
  if (result) result.furthest = furthest;
  else if (furthest > start) {
    const at = best[furthest - start]!;
    return { end: -1, home: at.home, street: at.street, components: at.components, regions: at.regions, furthest };
  }
  return result;
}

// ---------------------------------------------------------------- scoring

const SCORE = {
  personalHome: 0.95,
  personalStreet: 0.9,
  personalOther: 0.85,
  genericHome: 0.85,
  genericStreet: 0.7,
  genericOther: 0.6,
  tablePersonal: 0.9,
  tableGeneric: 0.8,
  regionHome: 0.75,
  regionStreet: 0.55,
  roadHome: 0.65,
  roadStreet: 0.45,
  /** 住址：深圳市南山区 (regions only, under a personal label) */
  regionOnly: 0.6,
  /** Institutions (医院, 大学, 政府 ...) have buildings and rooms too. */
  institution: 0.5,
} as const;

/** Words of institutions and offices: an address containing one is not a home. */
const INSTITUTION = /医院|卫生院|学校|中学|小学|大学|学院|幼儿园|政府|法院|检察院|公安|派出所|银行|公司|集团|酒店|宾馆|饭店|会议|委员会|局|厅|办公|中心|大厦|广场|馆|车站|机场|市场|商场|超市|工厂|园区|研究所|研究院/;

interface Found {
  start: number;
  end: number;
  score: number;
  pattern: string;
  evidence: string[];
}

/** Field delimiters that end a labelled value. */
const FIELD_END = new Set('，,。；;\t\n\r|｜、'.split(''));

/** End of a labelled field: a delimiter, the next field's label, two spaces or the end of the text. */
function fieldEndFrom(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && !FIELD_END.has(text[i]!) && !nextFieldAt(text, i) && !(isSpaceChar(text[i]) && isSpaceChar(text[i + 1]))) i++;
  return i;
}

/** A labelled or tabulated value: the parse down to a house or room, else (village, estate) as far as it goes. */
function labelledValue(text: string, valueStart: number, strength: 'personal' | 'generic', source: string, cellEnd: number): Found | null {
  const parse = parseAddress(text, valueStart, true);
  if (!parse) return null;
  const limit = cellEnd >= 0 ? cellEnd : Math.min(text.length, valueStart + MAX_ADDRESS);
  let end: number;
  let kind: 'home' | 'street' | 'area' | 'region';
  if (parse.end > 0) {
    end = parse.end;
    kind = parse.home ? 'home' : 'street';
  } else {
    if (parse.components < 1 || (strength === 'generic' && parse.components < 2)) return null;
    end = parse.furthest;
    kind = parse.regions === parse.components ? 'region' : 'area';
    // A short unparsed tail before the end of the field (门牌 without 号) belongs to it.
    const fieldEnd = fieldEndFrom(text, end, limit);
    if (fieldEnd - end <= 6) end = fieldEnd;
  }
  if (end > limit) return null;
  while (end > valueStart && isSpaceChar(text[end - 1])) end--;
  if (end - valueStart < 4) return null;
  if (kind === 'region' && strength === 'generic') return null;
  const table = cellEnd >= 0;
  const score =
    kind === 'region' ? SCORE.regionOnly
    : table ? (strength === 'personal' ? SCORE.tablePersonal : SCORE.tableGeneric)
    : strength === 'personal'
      ? kind === 'home' ? SCORE.personalHome : kind === 'street' ? SCORE.personalStreet : SCORE.personalOther
      : kind === 'home' ? SCORE.genericHome : kind === 'street' ? SCORE.genericStreet : SCORE.genericOther;
  return { start: valueStart, end, score, pattern: table ? 'table_column' : 'label', evidence: [source, `${kind} address`] };
}

const ADDRESS_HEADERS = new Map<string, 'personal' | 'generic'>([
  ...PERSONAL_LABELS.map((l) => [l, 'personal'] as const),
  ...GENERIC_LABELS.map((l) => [l, 'generic'] as const),
  ['住址（地址）', 'personal'],
  ['家庭详细住址', 'personal'],
]);
const ADDRESS_HEADER_PREFILTER = wordGroup(['住', '地址', '户籍', '所在地', '居']);

/**
 * Verbs of residence that introduce an address as a label does (住杭州市…,
 * 居住在…, 家住 is a label): 住 alone only after a delimiter (，住…), so that
 * 入住, 记住 and 大家住 are not read. The address must close on a house or room.
 */
const RESIDENCE_VERB = /居住(?:在|于)|(?<=^|[\n，,；;：:（(\s。])(?:现|长期)?住(?:在|于)?(?![址所宿房户宅院])/g;

/** The cells of the line around `at` (tab-separated), and the index of the cell containing `at`. */
function tabCells(text: string, at: number): { cells: [number, number][]; index: number; lineEnd: number } {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const cells: [number, number][] = [];
  let index = -1;
  let s = lineStart;
  for (let i = lineStart; i <= lineEnd; i++) {
    if (i === lineEnd || text[i] === '\t') {
      if (s <= at && at < i) index = cells.length;
      cells.push([s, i]);
      s = i + 1;
    }
  }
  return { cells, index, lineEnd };
}

/**
 * The label is a header cell of a table (序号, 姓名, 家庭住址, 拟聘岗位 over rows
 * of the same shape): the cell after it is the next header, not its value.
 * A row of label-value pairs (住址, 杭州市…) keeps its value, which parses as
 * an address with a house or two components.
 */
function isHeaderCell(text: string, labelStart: number, labelEnd: number): boolean {
  const { cells, index, lineEnd } = tabCells(text, labelStart);
  if (cells.length < 3 || index < 0 || index + 1 >= cells.length) return false;
  const [cs, ce] = cells[index]!;
  // The whole cell is a header (家庭住址, also for the label 住址 inside it).
  if (text.slice(labelEnd, ce).trim() !== '' || text.slice(cs, labelStart).trim().length > 6) return false;
  if (lineEnd >= text.length) return false;
  const next = tabCells(text, text.indexOf('\n', lineEnd) + 1);
  if (next.cells.length !== cells.length) return false;
  const [vs, ve] = cells[index + 1]!;
  const parse = parseAddress(text, vs, true);
  return !parse || parse.furthest > ve || (parse.end < 0 && parse.components < 2);
}

function detectAddresses(text: string, pass = new TextPass(text)): Candidate[] {
  const found: Found[] = [];
  // 1. Labels.
  const labelEnds = new Set<number>();
  for (const m of pass.matches(LABEL_GROUP)) {
    const word = LABEL_WORDS[m.pattern]!;
    let i = m.end;
    while (i < text.length && isSpaceChar(text[i])) i++;
    if (text[i] === '\t' && isHeaderCell(text, m.start, m.end)) continue;
    const colon = text[i] === '：' || text[i] === ':' || text[i] === '\t';
    if (colon) {
      i++;
      while (i < text.length && (isSpaceChar(text[i]) || text[i] === '\t')) i++;
    } else if (word.length <= 2 && word !== '家住' && word !== '现住' && word !== '住址') continue; // 地址 in prose needs a colon
    // 大家住, 全家住, 回家住: not the label 家住.
    if (word === '家住' && m.start > 0 && '大全回搬离在国专作人商农厂店酒住'.includes(text[m.start - 1]!)) continue;
    if (labelEnds.has(i)) continue;
    labelEnds.add(i);
    const f = labelledValue(text, i, LABELS.get(word)!, `label ${word}`, -1);
    if (f) found.push(f);
  }
  // 1b. Verbs of residence (住杭州市…, 居住在…): like a personal label, when the address closes on a house or room.
  for (const m of text.matchAll(RESIDENCE_VERB)) {
    const at = m.index + m[0].length;
    if (labelEnds.has(at)) continue;
    const parse = parseAddress(text, at, true);
    // A region or a road, or an estate with building and unit (住蓝桥名苑12幢7单元); not 住在二十三层, 住顶楼6楼.
    if (!parse || parse.end < 0 || (parse.regions === 0 && !parse.street && !(parse.home && parse.components >= 3))) continue;
    const f = labelledValue(text, at, 'personal', `after ${m[0]}`, -1);
    if (f) {
      labelEnds.add(at);
      found.push(f);
    }
  }
  // 2. Table columns headed 住址, 地址 ...
  for (const cell of tableColumnCells(pass, ADDRESS_HEADER_PREFILTER, (h) => ADDRESS_HEADERS.has(h))) {
    const f = labelledValue(text, cell.start, ADDRESS_HEADERS.get(normalizeHeader(cell.header))!, `table column ${cell.header}`, cell.end);
    if (f && f.end <= cell.end) found.push(f);
  }
  // Spans found through labels and tables are not parsed again from the places and roads inside them.
  const covered = found.map((f) => [f.start, f.end] as const).sort((a, b) => a[0] - b[0]);
  let ci = 0;
  const isCovered = (at: number): boolean => {
    while (ci > 0 && covered[ci]![0] > at) ci--;
    while (ci < covered.length - 1 && covered[ci + 1]![0] <= at) ci++;
    const c = covered[ci];
    return c !== undefined && c[0] <= at && at < c[1];
  };
  // 3. Region starts (广东省深圳市...): must close on a house, building, unit or room.
  let lastEnd = -1;
  for (const m of pass.matches(REGION_START_GROUP)) {
    if (m.start < lastEnd || isCovered(m.start)) continue;
    // A short form (广东, 深圳) only right before a full name (广东深圳市); a quick look for a house or room first.
    if (!REGION_FULL_SET.has(text.slice(m.start, m.end)) && !fullRegionAt(text, m.end)) continue;
    if (!terminalAhead(text, m.end)) continue;
    const parse = parseAddress(text, m.start);
    if (!parse || parse.end < 0 || parse.components < 2 || (!parse.home && !parse.street)) continue;
    lastEnd = parse.end;
    const institution = INSTITUTION.test(text.slice(m.start, parse.end));
    found.push({
      start: m.start,
      end: parse.end,
      score: institution ? SCORE.institution : parse.home ? SCORE.regionHome : SCORE.regionStreet,
      pattern: 'region_chain',
      evidence: [`starts with ${text.slice(m.start, m.end)}`, `${parse.home ? 'home' : 'street'} address`, ...(institution ? ['institution'] : [])],
    });
  }
  // 4. Road and estate starts (科技园路18号3栋..., 蓝桥名苑12幢7单元): the name is the Han run before the number.
  for (const m of [...text.matchAll(ROAD_NUMBER), ...text.matchAll(ESTATE_NUMBER)]) {
    const numberAt = m.index + m[0].length - m[1]!.length;
    const start = roadStart(text, numberAt);
    if (start < 0 || isCovered(start) || isCovered(numberAt)) continue;
    const parse = parseAddress(text, start);
    if (!parse || parse.end < 0 || parse.end <= numberAt) continue;
    const institution = INSTITUTION.test(text.slice(start, parse.end));
    found.push({
      start,
      end: parse.end,
      score: institution ? Math.min(SCORE.institution, SCORE.roadStreet) : parse.home ? SCORE.roadHome : SCORE.roadStreet,
      pattern: 'road_number',
      evidence: [`road ${text.slice(start, numberAt)}`, `${parse.home ? 'home' : 'street'} address`, ...(institution ? ['institution'] : [])],
    });
  }
  return resolveOverlaps(found)
    .sort((a, b) => a.start - b.start)
    .map((f) => ({ start: f.start, end: f.end, score: f.score, pattern: f.pattern, evidence: f.evidence }));
}

/** A road suffix right before a house number (路18号, 大街1号, 巷5-2号). */
const ROAD_NUMBER = /(?:路|街|道|巷|弄|胡同|里|段)([0-9０-９]{1,5}(?:[-－][0-9０-９]{1,4}){0,2}号)/g;
/** An estate right before a building or unit (蓝桥名苑12幢, 金陵小区3栋, 阳光花园5号楼). */
const ESTATE_NUMBER = /(?:小区|花园|家园|新村|公寓|苑|园|山庄|庄园|宿舍|大院|家属院|新城|居|府|城)((?:[0-9０-９]{1,4}|[一二三四五六七八九十]{1,3})(?:栋|幢|号楼|单元|座|期|区))/g;

/** Characters that end the road name on its left (位于|科技园路, 家住|人民路). */
const ROAD_LEFT_STOP = new Set('的了在是与及或对从到由将把被等并且而但就都也还又这那其此所没不要会能可该请让使给说称于位住至往沿经向即为以、，。；：:;,.!?！？“”"\'（）()《》【】 \t\n\u3000'.split(''));

function roadStart(text: string, numberAt: number): number {
  let s = numberAt;
  while (s > 0 && numberAt - s < 8 && isHan(text.charCodeAt(s - 1)) && !ROAD_LEFT_STOP.has(text[s - 1]!)) s--;
  // The road name needs at least one character before its suffix.
  return numberAt - s >= 2 ? s : -1;
}

export const addressDetector: Detector = {
  id: 'cn_address',
  version: 1,
  type: 'address',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['住址', '家住', '居住', '户籍', '住所', '身份证', '户主', '姓名'],
  contextBoost: 0.05,
  detect: detectAddresses,
};
