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
  [/(?:患有|确诊为?|诊断为|罹患|病情为?)[\u4e00-\u9fff]{1,12}?(?:病|症|癌|瘤|炎|综合征|感染|障碍)/g, 'health_predicate', 0.7],
  [/(?:病\s*史|诊断结果|病\s*情|既往病史|残疾(?:类别|等级))\s*[:：]\s*[^\s，。；,;]{1,20}/g, 'health_field', 0.75],
  [/(?:HIV|艾滋病)(?:阳性|感染者|病毒携带)/g, 'hiv_status', 0.85],
  [/宗教信仰\s*[:：]\s*[^\s，。；,;]{1,10}/g, 'religion_field', 0.8],
  [/(?:犯罪记录|前科|刑满释放|服刑人员|社区矫正对象|吸毒人员)/g, 'criminal_record', 0.3],
  [/(?:行踪轨迹|活动轨迹|住宿记录|出行记录)/g, 'whereabouts', 0.3],
  [/(?:未满十四周岁|不满十四周岁|未满14周岁|不满14周岁)/g, 'minor_under_14', 0.3],
];

export const sensitivePersonalDetector: Detector = {
  id: 'cn_sensitive_personal',
  version: 1,
  type: 'sensitive_personal',
  category: 'personal',
  basis: BASIS.personalSensitive,
  contextWords: ['姓名', '患者', '本人', '申请人', '同志', '先生', '女士'],
  contextBoost: 0.15,
  detect(text) {
    const out: Candidate[] = [];
    for (const [re, pattern, score] of PATTERNS) {
      for (const m of matchAll(re, text)) out.push({ start: m.index, end: m.index + m[0].length, score, pattern });
    }
    return out;
  },
};
