import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * 敏感个人信息 (个人信息保护法第二十八条): health, religion, specific identity,
 * financial accounts, whereabouts, minors. Terms alone are common in policy
 * prose (医疗保障, 宗教事务), so only forms that describe a person count:
 * a labelled field or a predicate such as 患有 / 确诊; status words
 * (前科, 行踪轨迹) need a person nearby (context) to pass the threshold.
 */
const PATTERNS: [RegExp, string, number][] = [
  [/(?:患有|患(?![者上])|确诊为?|诊断为|罹患|病情为?)[\u4e00-\u9fff]{2,12}?(?:病|症|癌|瘤|炎|综合征|感染|障碍|突出|骨折|中风|梗死|衰竭)/g, 'health_predicate', 0.7],
  [/(?:(?:重度|轻度|中度)?(?:肢体|视力|听力|言语|智力|精神|多重)?残疾[（(]?[^）)\n，。]{0,8}?[一二三四1-4]级[）)]?|(?:重度|中度)残疾)/g, 'disability_grade', 0.75],
  [/享受(?:最低生活保障|低保)(?:待遇)?|低保(?:户|对象|家庭)|特困供养(?:人员|对象)|建档立卡贫困户/g, 'welfare_status', 0.45],
  [/(?:病\s*史|诊断结果|病\s*情|既往病史|残疾(?:类别|等级))\s*[:：]\s*[^\s，。；,;]{1,20}/g, 'health_field', 0.75],
  [/(?:HIV|艾滋病)(?:阳性|感染者|病毒携带)/g, 'hiv_status', 0.85],
  [/宗教信仰\s*[:：]\s*[^\s，。；,;]{1,10}/g, 'religion_field', 0.8],
  [/(?:犯罪记录|前科|刑满释放|服刑人员|社区矫正对象|吸毒人员)/g, 'criminal_record', 0.3],
  [/(?:行踪轨迹|活动轨迹|住宿记录|出行记录)/g, 'whereabouts', 0.3],
  [/(?:子女|儿童|未成年人?)?(?:未满十四周岁|不满十四周岁|未满14周岁|不满14周岁)/g, 'minor_under_14', 0.3],
  [/(?:单亲家庭|孤儿|留守儿童|事实无人抚养)/g, 'family_status', 0.3],
];

export const sensitivePersonalDetector: Detector = {
  id: 'cn_sensitive_personal',
  version: 1,
  type: 'sensitive_personal',
  category: 'personal',
  basis: BASIS.personalSensitive,
  contextWords: ['姓名', '患者', '本人', '申请人', '同志', '先生', '女士', '户主', '其子', '其女', '家庭成员', '申请对象', '原因', '情况', '病情', '类别'],
  contextBoost: 0.2,
  detect(text) {
    const found: Candidate[] = [];
    for (const [re, pattern, score] of PATTERNS) {
      for (const m of matchAll(re, text)) found.push({ start: m.index, end: m.index + m[0].length, score, pattern });
    }
    return mergeAdjacent(text, found);
  },
};

/**
 * Facts about one person often come as a run (单亲家庭，子女未满十四周岁; 患尿毒症，
 * 长期透析): hits separated only by a comma become one finding, so the
 * reviewer decides once and the redaction covers the whole description.
 */
function mergeAdjacent(text: string, found: Candidate[]): Candidate[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  for (const c of found) {
    const last = out[out.length - 1];
    if (last && c.start <= last.end + 2 && /^[，、,；;\s]*$/.test(text.slice(last.end, Math.max(last.end, c.start)))) {
      last.end = Math.max(last.end, c.end);
      last.score = Math.max(last.score, c.score);
      last.pattern = `${last.pattern}+${c.pattern}`;
    } else out.push({ ...c });
  }
  return out;
}
