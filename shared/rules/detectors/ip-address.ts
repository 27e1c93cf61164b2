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
 * Scoring (decided): private ranges (10/8, 172.16/12, 192.168/16, fc00::/7)
 * score like public ones. They do not locate a person on the internet, but in
 * a government document an internal address identifies a workstation and
 * exposes the internal network plan, which is withheld too; the evidence says
 * "私有地址" so the reviewer can judge. Addresses that identify nobody stay
 * under the threshold even with context: unspecified (0.0.0.0, ::), loopback
 * (127/8, ::1), broadcast and subnet masks (255.255.255.0, common in
 * procurement and network documents). Dotted quads whose octets are all at
 * most 20 (1.2.3.4, 3.1.2.10) read like clause or version numbers and need a
 * context word, unless a CIDR suffix (10.1.0.0/16) says they are addresses.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(
  `(?<![0-9A-Za-z]|\\d\\.)${OCTET}(?:\\.${OCTET}){3}(?:/(?:3[0-2]|[12]?\\d))?(?![0-9A-Za-z]|\\.\\d)`,
  'g',
);
const IPV6_RUN = /(?<![0-9A-Za-z:.%])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,60}/g;
const IPV6_SUFFIX = /^(?:%[0-9A-Za-z]{1,15})?(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d)(?!\d))?/;

const SCORE = { address: 0.6, clauseLike: 0.3, nobody: 0.05 } as const;

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

function scoreIpv4(octets: number[], cidr: boolean): { score: number; evidence?: string } {
  const [a, b] = octets as [number, number, number, number];
  const n = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const inverted = ~n >>> 0;
  if (n === 0) return { score: SCORE.nobody, evidence: '未指定地址' };
  if (a === 127) return { score: SCORE.nobody, evidence: '环回地址' };
  if (a === 255 && (inverted & (inverted + 1)) === 0) return { score: SCORE.nobody, evidence: '子网掩码或广播地址' };
  if (!cidr && octets.every((o) => o <= 20)) return { score: SCORE.clauseLike, evidence: '各段均较小，可能是条款或版本编号' };
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return { score: SCORE.address, evidence: '私有地址（RFC 1918）' };
  return { score: SCORE.address };
}

export const ipAddressDetector: Detector = {
  id: 'ip_address',
  version: 1,
  type: 'ip_address',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['IP', 'ip地址', 'IPv4', 'IPv6', '服务器', '网关', '网段', '网络地址', '主机', '登录', '终端', '访问地址'],
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
      const { score, evidence } = scoreIpv4(ipv4Octets(addr!)!, prefix !== undefined);
      out.push({ start, end, score, pattern: 'ipv4', ...(evidence ? { evidence: [evidence] } : {}) });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
