import { TYPE_CATEGORY, type FindingType } from '../../shared/rules/finding';
import type { FindingView } from '../../shared/ipc/views';

/**
 * Deterministic, realistic findings for the findings panel: what a long
 * personnel roster or a bid evaluation report produces. Pure, so the same
 * list is built in the browser bundle and in the test that checks it.
 */

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳', '诸葛'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '建国', '秀英'];
const STREETS = ['朝阳区建国路', '海淀区中关村大街', '西城区金融街', '浦东新区世纪大道', '天河区珠江新城'];

/** Type, share of the document (out of 100), basis cited. */
const MIX: [FindingType, number, string][] = [
  ['person_name', 22, '《个人信息保护法》第二十八条'],
  ['id_card', 18, '《个人信息保护法》第二十八条；《政府信息公开条例》第十五条'],
  ['mobile_phone', 16, '《个人信息保护法》第十三条；《政府信息公开条例》第十五条'],
  ['address', 10, '《政府信息公开条例》第十五条'],
  ['bank_card', 6, '《个人信息保护法》第二十八条'],
  ['email', 5, '《政府信息公开条例》第十五条'],
  ['bid_price', 8, '《政府信息公开条例》第十五条（商业秘密）'],
  ['bank_account', 4, '《政府信息公开条例》第十五条（商业秘密）'],
  ['process_draft', 5, '《政府信息公开条例》第十六条'],
  ['negative_list', 4, '本机关公开负面清单'],
  ['secret_mark', 1, '《保守国家秘密法》第十三条'],
  ['internal_mark', 1, '《政府信息公开条例》第十四条'],
];
const WHEEL: [FindingType, string][] = MIX.flatMap(([type, share, basis]) => Array.from({ length: share }, () => [type, basis] as [FindingType, string]));

function digits(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

function textOf(type: FindingType, i: number, rand: () => number): string {
  const name = () => SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!;
  switch (type) {
    case 'person_name': return name();
    case 'id_card': return `1101${digits(rand, 2)}19${60 + (i % 40)}0${1 + (i % 9)}1${i % 10}${digits(rand, 3)}${i % 11 === 0 ? 'X' : digits(rand, 1)}`;
    case 'mobile_phone': return `1${[3, 5, 8][i % 3]}${digits(rand, 9)}`;
    case 'address': return `北京市${STREETS[i % STREETS.length]}${1 + (i % 200)}号`;
    case 'bank_card': return `6222${digits(rand, 15)}`;
    case 'email': return `user${i}@example.gov.cn`;
    case 'bid_price': return `投标报价${(1000 + (i % 9000)).toLocaleString('en')}.00万元`;
    case 'bank_account': return `开户行账号 0200${digits(rand, 15)}`;
    case 'process_draft': return '征求意见稿';
    case 'negative_list': return '未公开的审批流程';
    case 'secret_mark': return '秘密★1年';
    case 'internal_mark': return '内部资料 注意保存';
    default: return type;
  }
}

export interface SyntheticOptions {
  /** Share of findings already decided, roughly: every `acceptEvery`-th accepted, every `rejectEvery`-th rejected. */
  acceptEvery?: number;
  rejectEvery?: number;
  seed?: number;
}

export function syntheticFindings(count: number, options: SyntheticOptions = {}): FindingView[] {
  const { acceptEvery = 5, rejectEvery = 13 } = options;
  let state = options.seed ?? 20240601;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: FindingView[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const [type, basis] = WHEEL[Math.floor(rand() * WHEEL.length)]!;
    const text = textOf(type, i, rand);
    start += 8 + Math.floor(rand() * 60);
    const end = start + text.length;
    const line = 1 + Math.floor(start / 80);
    const decision = i % acceptEvery === 0 ? 'accepted' : i % rejectEvery === 0 ? 'rejected' : null;
    out.push({
      id: `${type}:${start}-${end}`,
      category: TYPE_CATEGORY[type],
      type,
      rule: `${type}@1`,
      text,
      start,
      end,
      score: Math.round((0.35 + rand() * 0.65) * 100) / 100,
      basis,
      explanation: { detector: type, pattern: type, prior: 0.5, contextWords: i % 3 === 0 ? ['联系电话'] : [], contextBoost: i % 3 === 0 ? 0.2 : 0 },
      ...(type === 'secret_mark' ? { blocksExport: true as const } : {}),
      location: `第${line}行第${1 + (start % 80)}列`,
      decision,
      reason: decision === 'rejected' ? '已经公开的信息' : null,
    });
    start = end;
  }
  return out;
}
