import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { negativeListDetector } from '../../shared/rules/detectors/negative-list';
import { scanText } from '../../shared/rules/engine';
import type { Finding } from '../../shared/rules/finding';
import { normalizeWithMap } from '../../shared/rules/normalize';
import type { TermList } from '../../shared/rules/term-list';

/**
 * Property tests of the engine through its public API only (scanText,
 * normalizeWithMap, negativeListDetector), so that rewrites of the
 * internals (matcher, detectors) do not break them. Seeded: a failure
 * prints its seed and counterexample and replays identically.
 */

const SEED = 20240601;
const RUNS = 250;
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns });

// --- Generators ---------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (d17: string) => '10X98765432'[ID_WEIGHTS.reduce((s, w, i) => s + w * Number(d17[i]), 0) % 11]!;
const luhnDigit = (payload: string) => {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** A valid resident ID: real province, valid date, GB 11643 check character. */
const residentId = fc
  .tuple(fc.constantFrom('110105', '330106', '440106', '510104', '650104', '320102'), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3))
  .map(([region, d, seq]) => {
    const first17 = `${region}${d.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
    return first17 + idCheck(first17);
  });
const mobile = fc.tuple(fc.constantFrom('138', '139', '150', '186', '199', '173'), digits(8)).map(([p, d]) => p + d);
const mobileSpaced = mobile.map((m) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`);
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/), fc.constantFrom('gov.cn', 'example.com', '163.com')).map(([u, d]) => `${u}@${d}`);
const unionPay = fc.tuple(fc.constantFrom('622202', '621700', '622848'), digits(12)).map(([bin, d]) => bin + d + luhnDigit(bin + d));
const landline = fc.tuple(fc.constantFrom('010-', '0571-', '(0755)'), digits(8)).map(([a, d]) => a + d);
const marking = fc.constantFrom('秘密★1年', '机密★10年', '此件不公开', '内部资料 注意保存', '（征求意见稿）', '工作秘密');

/** Characters the detectors care about, plus arbitrary UTF-16 code units (lone surrogates included). */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'0123456789０１２３４５６７８９ -+@.Xx：:，。、·（）()★\n\t\u3000\u200b') },
  { weight: 4, arbitrary: fc.constantFrom(...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质') },
  { weight: 1, arbitrary: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
);
const noise = fc.string({ unit, maxLength: 40 });

const TERM_ALPHABET = '天网工程雪亮北斗计划城北地块收储甲乙丙项目ABCXYZ0123';
const term = fc.string({ unit: fc.constantFrom(...TERM_ALPHABET), minLength: 2, maxLength: 8 });
const list = (terms: string[]): TermList => ({ name: '测试清单', version: 'p1', category: 'negative_list', basis: '条例第十四条', terms });

const piece = (terms: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: noise },
    { weight: 1, arbitrary: residentId },
    { weight: 1, arbitrary: mobile },
    { weight: 1, arbitrary: mobileSpaced },
    { weight: 1, arbitrary: email },
    { weight: 1, arbitrary: unionPay },
    { weight: 1, arbitrary: landline },
    { weight: 1, arbitrary: marking },
    { weight: 2, arbitrary: terms.length ? fc.constantFrom(...terms) : noise },
  );

/** A document: a list of terms and a text mixing noise, identifiers, markings and those terms. */
const document = fc.array(term, { minLength: 1, maxLength: 4 }).chain((terms) =>
  fc.array(piece(terms), { maxLength: 12 }).map((parts) => ({ terms, text: parts.join('') })),
);

// --- Properties -------------------------------------------------------------------------

function checkInvariants(text: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    expect(Number.isInteger(f.start) && Number.isInteger(f.end)).toBe(true);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(f.score).toBeGreaterThanOrEqual(0);
    expect(f.score).toBeLessThanOrEqual(1);
    expect(Number.isNaN(f.score)).toBe(false);
  }
  for (let i = 1; i < findings.length; i++) expect(findings[i - 1]!.start).toBeLessThanOrEqual(findings[i]!.start);
  const byType = new Map<string, Finding[]>();
  for (const f of findings) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  for (const [, same] of byType) {
    const sorted = [...same].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.end, `${sorted[i - 1]!.id} overlaps ${sorted[i]!.id}`).toBeLessThanOrEqual(sorted[i]!.start);
  }
}

describe('scanText properties (fast-check, seeded)', () => {
  it('spans lie inside the text and match it; scores within [0,1]; sorted by start; no same-type overlap', () => {
    fc.assert(
      fc.property(document, ({ terms, text }) => {
        checkInvariants(text, scanText(text, { lists: [list(terms)] }));
      }),
      params(),
    );
  });

  it('holds on arbitrary UTF-16 text without planted identifiers', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }), (text) => {
        checkInvariants(text, scanText(text));
      }),
      params(),
    );
  });

  it('is deterministic: the same input gives deep-equal output', () => {
    fc.assert(
      fc.property(document, ({ terms, text }) => {
        const a = scanText(text, { lists: [list(terms)] });
        const b = scanText(text, { lists: [list([...terms])] });
        expect(b).toEqual(a);
      }),
      params(150),
    );
  });

  it('finds planted valid IDs, mobiles and e-mails set off by Chinese text', () => {
    fc.assert(
      fc.property(fc.oneof(residentId.map((v) => ['id_card', v] as const), mobile.map((v) => ['mobile_phone', v] as const), email.map((v) => ['email', v] as const)), ([type, value]) => {
        const text = `经核实，申请人信息为${value}，特此说明。`;
        const at = text.indexOf(value);
        const hit = scanText(text).find((f) => f.type === type && f.start === at && f.end === at + value.length);
        expect(hit, `${type} ${value}`).toBeDefined();
      }),
      params(),
    );
  });
});

describe('normalizeWithMap properties', () => {
  it('the offset map is strictly increasing, in range, and each entry folds to its normalised character', () => {
    fc.assert(
      fc.property(fc.oneof(noise, fc.string({ unit: 'binary', maxLength: 60 }), document.map((d) => d.text)), (text) => {
        const { text: norm, map } = normalizeWithMap(text);
        expect(map.length).toBe(norm.length);
        for (let i = 0; i < map.length; i++) {
          expect(map[i]).toBeGreaterThanOrEqual(0);
          expect(map[i]).toBeLessThan(text.length);
          if (i > 0) expect(map[i]!).toBeGreaterThan(map[i - 1]!);
          // Folding the original code unit on its own gives exactly the normalised one.
          expect(normalizeWithMap(text[map[i]!]!).text).toBe(norm[i]);
        }
        // Every code unit not in the map is one the normalisation drops.
        const kept = new Set(map);
        for (let j = 0; j < text.length; j++) if (!kept.has(j)) expect(normalizeWithMap(text[j]!).text).toBe('');
      }),
      params(),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(noise, document.map((d) => d.text)), (text) => {
        const once = normalizeWithMap(text).text;
        expect(normalizeWithMap(once).text).toBe(once);
      }),
      params(),
    );
  });
});

// --- List terms survive spacing, width and case variants ---------------------------------

/** Separators a typist or a converter puts inside a term. */
const SEPARATORS = [' ', '\u3000', '\u00a0', '·', '-', '_', '.', '、', '\u200b', '/', '—'];
const FULL_WIDTH = (c: string) => (/[0-9A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c);

const variant = (t: string) =>
  fc
    .tuple(
      fc.array(fc.oneof(fc.constant(''), fc.constantFrom(...SEPARATORS)), { minLength: t.length, maxLength: t.length }),
      fc.array(fc.constantFrom('keep', 'wide', 'lower', 'upper'), { minLength: t.length, maxLength: t.length }),
    )
    .map(([seps, cases]) =>
      [...t]
        .map((c, i) => {
          const k = cases[i];
          const ch = k === 'wide' ? FULL_WIDTH(c) : k === 'lower' ? c.toLowerCase() : k === 'upper' ? c.toUpperCase() : c;
          return (i > 0 ? seps[i]! : '') + ch;
        })
        .join(''),
    );

/**
 * Surrounding text without anything that normalises into the term alphabet
 * (other widths, cases, traditional forms), so the planted variant is the only match.
 */
const TERM_NORMALISED = new Set([...normalizeWithMap(TERM_ALPHABET).text]);
const surrounding = noise.map((s) => [...s].filter((c) => ![...normalizeWithMap(c).text].some((n) => TERM_NORMALISED.has(n))).join(''));

describe('negative-list matching survives inserted spaces and full-width/case variants', () => {
  const planted = term.chain((t) => fc.tuple(fc.constant(t), variant(t), surrounding, surrounding));

  it('scanText reports the variant with exactly its span', () => {
    fc.assert(
      fc.property(planted, ([t, v, pre, post]) => {
        // Separators at the edges of the surrounding text are not part of the match.
        const text = `${pre}${v}${post}`;
        const start = pre.length;
        const end = start + v.length;
        const hits = scanText(text, { lists: [list([t])] }).filter((f) => f.type === 'negative_list');
        const hit = hits.find((f) => f.start === start && f.end === end);
        expect(hit, `term ${JSON.stringify(t)} variant ${JSON.stringify(v)} in ${JSON.stringify(text)}: ${JSON.stringify(hits.map((f) => [f.start, f.end]))}`).toBeDefined();
        expect(hit!.explanation.list?.term).toBe(t);
      }),
      params(),
    );
  });

  it('negativeListDetector candidates normalise to their term and start and end on kept characters', () => {
    fc.assert(
      fc.property(fc.array(planted, { minLength: 1, maxLength: 3 }), (items) => {
        const terms = [...new Set(items.map(([t]) => t))];
        // 的 between items is kept by the normalisation and in no term: no match can span two items.
        const text = items.map(([, v, pre, post]) => `${pre}${v}${post}`).join('的');
        const detector = negativeListDetector(list(terms));
        for (const c of detector.detect(text)) {
          const span = text.slice(c.start, c.end);
          const norm = normalizeWithMap(span);
          expect(norm.text).toBe(normalizeWithMap(c.list!.term).text);
          expect(norm.map[0]).toBe(0);
          expect(norm.map[norm.map.length - 1]).toBe(span.length - 1);
        }
        // Every planted variant is found.
        let at = 0;
        const found = detector.detect(text);
        for (const [t, v, pre, post] of items) {
          const start = at + pre.length;
          expect(found.some((c) => c.start === start && c.end === start + v.length && c.list?.term === t)).toBe(true);
          at += pre.length + v.length + post.length + 1;
        }
      }),
      params(150),
    );
  });
});
