import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * IP addresses, validated.
 *
 * IPv4: four decimal octets 0-255 without leading zeros, optional CIDR
 * suffix /0-32. Not part of a longer dotted run: `1.2.3.4.5` (a version or
 * clause number) and `V1.2.3.4` are skipped, hence the lookarounds on
 * `digit.` and `.digit` besides letters and digits.
 *
 * IPv6: full, `::`-compressed and IPv4-embedded forms, optional zone
 * (`%eth0`) and prefix length (/0-128). The regex only collects a run of hex
 * digits, colons and dots that contains a colon; `isIpv6` decides. Times
 * (12:34:56), ratios (1:2:3:4), MAC addresses (6 groups) and C++ scopes
 * (std::cout, preceded by a letter) fail there or at the boundary.
 *
 * Scoring (decided):
 * - Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) score at least as
 *   high as public ones. They do not locate a person on the internet, but in
 *   a government document an internal address identifies a server or
 *   workstation and exposes the internal network plan, which is withheld
 *   too; the evidence says "私有地址" so the reviewer can judge.
 * - Addresses that identify nobody stay under the threshold even with
 *   context: unspecified (0.0.0.0, ::), loopback (127/8, ::1), broadcast and
 *   subnet masks (255.255.255.0, common in procurement and network documents).
 * - Clause and section numbers: a dotted quad after 第 or before 条/款/项/节/章
 *   (第3.2.1.4条), or before a unit (10.5.3.2万户), is not reported even with
 *   context; nor, when all its octets are at most 20, one opening a line as
 *   a heading (10.1.2.1 总体要求, （三）10.2.1.3 数据安全) or referred to
 *   (见10.2.1.3, 按照 3.1.2.4).
 * - Dotted quads whose octets all have one or two digits (3.14.15.92,
 *   1.2.3.4) read like number sequences, version or clause numbers, and need
 *   a context word (0.3), except in 10/8: internal addresses like 10.0.0.1 are
 *   written exactly so, and are reported (0.45) with a note. A CIDR suffix
 *   (10.1.0.0/16) says it is an address either way.
 * - A port (172.20.14.11:8443) or a URL scheme before it (http://10.1.2.3/)
 *   says it is an address: 0.8 without context.
 * Context words (IP, 地址, 内网, 服务器, 网段, 端口 ...) add 0.3, so every
 * ordinary address, private or public, scores 0.9 with one.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(
  `(?<![0-9A-Za-z]|\\d\\.)${OCTET}(?:\\.${OCTET}){3}(?:/(?:3[0-2]|[12]?\\d))?(?![0-9A-Za-z]|\\.\\d)`,
  'g',
);
const IPV6_RUN = /(?<![0-9A-Za-z:.%])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,60}/g;
const IPV6_SUFFIX = /^(?:%[0-9A-Za-z]{1,15})?(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d)(?!\d))?/;

const SCORE = { address: 0.6, withPort: 0.8, smallPrivate: 0.45, numberLike: 0.3, clause: 0.05, nobody: 0.05 } as const;

/** 第 before, or 条/款/项/节/章 after: a clause number (第3.2.1.4条). */
const CLAUSE_BEFORE = /(?:第|§)\s?$/;
const CLAUSE_AFTER = /^\s?(?:条|款|项|节|章|段|小节|部分)/;
/** A line opening with the number (after an enumerator such as （三） or 二、) and going on with a title: a section heading. */
const HEADING_BEFORE = /(?:^|\n)[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?[ \u3000]*$/;
const HEADING_AFTER = /^[ \u3000]+[\u4e00-\u9fff]/;
/** Words that refer to a clause or table by number (见10.2.1.3, 按照 3.1.2.4, 表 1.2.3.4, 本规范10.2.1.3), for quads of octets up to 20. */
const REFERENCE_BEFORE = /(?:见|按|依据|参照|按照|根据|依照|符合|执行|满足|附录|附件|表|图|式|条款|章节|规范|标准|规定|细则|导则)\s?$/;
/** A unit after it: a figure with stray dots (10.5.3.2万户), not an address. */
const UNIT_AFTER = /^\s?(?:万|亿|千|百|元|%|％|倍|米|公里|吨|个|人|户|次|件|项|台|套|份|年|月|日)/;
/** A port after it, or a URL scheme before it. */
const PORT_AFTER = /^:\d{1,5}(?!\d)/;
const SCHEME_BEFORE = /:\/\/$/;

function ipv4Octets(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const nums = parts.map((p) => (/^(?:0|[1-9]\d{0,2})$/.test(p) ? Number(p) : 256));
  return nums.every((n) => n <= 255) ? nums : null;
}

/** Full or `::`-compressed IPv6, optionally ending in an embedded IPv4 address. */
export function isIpv6(s: string): boolean {
  if (s.includes(':::')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let count = groups.length;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g.includes('.')) {
      // An embedded IPv4 address can only be the last group and counts as two.
      if (i !== groups.length - 1 || (halves.length === 2 && halves[1] === '') || !ipv4Octets(g)) return false;
      count++;
    } else if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168);
}

/** Scores one dotted quad; `before` and `after` are the text around it, `lineStart` whether only spaces or an enumerator precede it on its line. */
function scoreIpv4(octets: number[], cidr: boolean, before: string, after: string, lineStart: boolean): { score: number; evidence?: string } {
  const [a] = octets as [number, number, number, number];
  const n = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const inverted = ~n >>> 0;
  if (n === 0) return { score: SCORE.nobody, evidence: '未指定地址' };
  if (a === 127) return { score: SCORE.nobody, evidence: '环回地址' };
  if (a === 255 && (inverted & (inverted + 1)) === 0) return { score: SCORE.nobody, evidence: '子网掩码或广播地址' };
  const privateRange = isPrivateIpv4(octets);
  const privateNote = privateRange ? '私有地址（RFC 1918）' : undefined;
  if (!cidr && (CLAUSE_BEFORE.test(before) || CLAUSE_AFTER.test(after))) return { score: SCORE.clause, evidence: '前后为条款编号用语（第…条），是条款编号' };
  if (!cidr && UNIT_AFTER.test(after)) return { score: SCORE.clause, evidence: '后接计量单位，是数字而非地址' };
  const small = octets.every((o) => o <= 20);
  if (!cidr && small && lineStart && HEADING_AFTER.test(after)) return { score: SCORE.clause, evidence: '位于行首、后接标题，是章节编号' };
  if (!cidr && small && REFERENCE_BEFORE.test(before)) return { score: SCORE.clause, evidence: '前有“见、按照、表”等引用词，是条款编号' };
  if (PORT_AFTER.test(after) || SCHEME_BEFORE.test(before)) return { score: SCORE.withPort, evidence: privateNote ? `${privateNote}；带端口或 URL` : '带端口或 URL' };
  if (!cidr && octets.every((o) => o <= 99)) {
    if (a === 10) return { score: SCORE.smallPrivate, evidence: '私有地址（RFC 1918）；各段均为一两位数，也可能是编号' };
    return { score: SCORE.numberLike, evidence: '各段均为一两位数，可能是编号、数列或条款编号' };
  }
  return privateNote ? { score: SCORE.address, evidence: privateNote } : { score: SCORE.address };
}

export const ipAddressDetector: Detector = {
  id: 'ip_address',
  version: 1,
  type: 'ip_address',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: [
    'IP',
    'ip',
    'Ip',
    'IPv4',
    'IPv6',
    '地址',
    '内网',
    '外网',
    '服务器',
    '网关',
    '网段',
    '子网',
    '端口',
    '网管',
    '网址',
    '域名',
    'DNS',
    '路由',
    '防火墙',
    '交换机',
    'VPN',
    '主机',
    '登录',
    '终端',
    'host',
    'Host',
    'server',
    'Server',
  ],
  contextBoost: 0.3,
  detect(text) {
    const out: Candidate[] = [];
    const v6Spans: [number, number][] = [];
    for (const m of matchAll(IPV6_RUN, text)) {
      let addr = m[0];
      // A sentence full stop or a trailing colon belongs to the text, not the address.
      if (addr.endsWith('.')) addr = addr.replace(/\.+$/, '');
      if (addr.endsWith(':') && !addr.endsWith('::')) addr = addr.slice(0, -1);
      if (!isIpv6(addr)) continue;
      let end = m.index + addr.length;
      if (addr.length === m[0].length) end += IPV6_SUFFIX.exec(text.slice(end, end + 20))![0].length;
      if (/^[0-9A-Za-z]/.test(text.slice(end, end + 1))) continue; // glued to a word: fe80::1text
      const nobody = /^::1?$/.test(addr);
      const privateRange = /^f[cd]/i.test(addr);
      out.push({
        start: m.index,
        end,
        score: nobody ? SCORE.nobody : SCORE.address,
        pattern: 'ipv6',
        ...(nobody ? { evidence: [addr === '::' ? '未指定地址' : '环回地址'] } : privateRange ? { evidence: ['私有地址（ULA）'] } : {}),
      });
      v6Spans.push([m.index, end]);
    }
    for (const m of matchAll(IPV4, text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (v6Spans.some(([s, e]) => start < e && end > s)) continue; // the IPv4 tail of an IPv6 address
      const [addr, prefix] = m[0].split('/');
      const before = text.slice(Math.max(0, start - 40), start);
      const after = text.slice(end, end + 8);
      const lineStart = HEADING_BEFORE.test(before) && (before.includes('\n') || start === before.length);
      const { score, evidence } = scoreIpv4(ipv4Octets(addr!)!, prefix !== undefined, before, after, lineStart);
      out.push({ start, end, score, pattern: 'ipv4', ...(evidence ? { evidence: [evidence] } : {}) });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
