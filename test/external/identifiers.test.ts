import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaCodeLengths } from '../../shared/rules/data/area-codes';
import { isCurrentRegionCode } from '../../shared/rules/data/region-codes';
import { lookupBin } from '../../shared/rules/data/unionpay-bins';
import type { Candidate } from '../../shared/rules/detector';
import { bankCardDetector } from '../../shared/rules/detectors/bank-card';
import { ipAddressDetector } from '../../shared/rules/detectors/ip-address';
import { landlinePhoneDetector } from '../../shared/rules/detectors/landline-phone';
import { residentIdDetector } from '../../shared/rules/detectors/resident-id';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { checkResidentId15 } from '../../shared/rules/validators/gb11643';
import { luhnValid } from '../../shared/rules/validators/luhn';
import { CORPORA, HAVE_CORPORA } from './corpora';

/**
 * The structured-identifier detectors against public test data: Presidio's
 * recognizer cases (cards, IPs, phones), the checksum vectors (Luhn, GB 11643
 * 15-digit numbers) and, for the generated data modules, the shippable source
 * tables themselves (BINs, area codes, region codes), so that a regenerated
 * module that lost rows is caught. Nothing here is copied into the project.
 */

const THRESHOLD = DEFAULT_RULE_SET.threshold;

interface PresidioCase {
  file: string;
  test: string;
  text?: string;
  expected_len: number;
  expected_res?: [number, number][];
  expected_positions?: [number, number][];
  expected_score_ranges?: [number, number][];
}

function presidio(file: string): PresidioCase[] {
  return readFileSync(join(CORPORA, 'presidio', 'presidio_cases.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as PresidioCase)
    .filter((c) => c.file === file && c.text !== undefined);
}

interface Vector {
  kind: string;
  value: string;
  expected: string;
  reason: string;
}

function vectors(): Vector[] {
  return readFileSync(join(CORPORA, 'checksums', 'vectors.tsv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [kind, value, expected, reason] = l.split('\t');
      return { kind: kind!, value: value!, expected: expected!, reason: reason ?? '' };
    });
}

const spanOf = (c: Candidate): [number, number] => [c.start, c.end];

describe.skipIf(!HAVE_CORPORA)('external: Presidio credit card cases (bank_card)', () => {
  const cases = HAVE_CORPORA ? presidio('test_credit_card_recognizer.py') : [];

  it('has cases', () => expect(cases.length).toBeGreaterThan(10));

  // Mainland cards are 16-19 digits: Presidio's 13-15 digit brands (Amex, Diners, 122000000000003) are out of scope.
  // A run of groups is cut at its spaces into card-shaped units, so three cards listed in one run are three findings.
  const inScope = (c: PresidioCase) =>
    (c.expected_res ?? []).every(([s, e]) => {
      const digits = c.text!.slice(s, e).replace(/\D/g, '').length;
      return digits >= 16 && digits <= 19;
    });

  it('finds every 16-19 digit card Presidio finds, with the same span and over the threshold without context', () => {
    let checked = 0;
    for (const c of cases.filter((x) => x.expected_len > 0 && inScope(x))) {
      const found = bankCardDetector.detect(c.text!);
      for (const span of c.expected_res!) {
        const hit = found.find((f) => f.start === span[0] && f.end === span[1]);
        expect(hit, `${c.text} ${span}`).toBeDefined();
        expect(hit!.score, c.text).toBeGreaterThanOrEqual(THRESHOLD);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('scores foreign cards (no UnionPay BIN or 62 range) under UnionPay ones', () => {
    for (const c of cases.filter((x) => x.expected_len > 0 && inScope(x))) {
      for (const f of bankCardDetector.detect(c.text!)) {
        const digits = c.text!.slice(f.start, f.end).replace(/\D/g, '');
        if (!digits.startsWith('62') && lookupBin(digits).length === 0) expect(f.score, c.text).toBe(0.5);
      }
    }
  });

  it('reports none of the cases Presidio rejects', () => {
    for (const c of cases.filter((x) => x.expected_len === 0)) {
      expect(
        bankCardDetector.detect(c.text!).filter((f) => f.score >= THRESHOLD),
        c.text,
      ).toEqual([]);
    }
  });
});

describe.skipIf(!HAVE_CORPORA)('external: Presidio IP cases (ip_address)', () => {
  const cases = HAVE_CORPORA ? presidio('test_ip_recognizer.py') : [];
  /** Deliberate differences, each with its reason. */
  const DEVIATIONS: Record<string, string> = {
    '192.168.1.1.1': 'five dotted numbers read as a version or clause number, so no part of them is an address',
  };
  /** Evidence strings that explain a deliberately low score (see ip-address.ts). */
  const LOW_BY_DESIGN = /未指定地址|环回地址|子网掩码或广播地址|条款编号|章节编号|可能是编号/;

  it('has cases', () => expect(cases.length).toBeGreaterThan(50));

  it('finds the spans Presidio finds; a score under the threshold is always explained', () => {
    let checked = 0;
    for (const c of cases.filter((x) => x.expected_len > 0 && !(x.text! in DEVIATIONS))) {
      const text = c.text!;
      const found = ipAddressDetector.detect(text);
      const positions = c.expected_positions?.length ? c.expected_positions : [[text.length - text.trimStart().length, text.trimEnd().length] as [number, number]];
      expect(found.map(spanOf), text).toEqual(positions);
      positions.forEach((_, i) => {
        const f = found[i]!;
        const upstreamLow = (c.expected_score_ranges?.[i]?.[1] ?? 1) < THRESHOLD;
        if (upstreamLow) expect(f.score, text).toBeLessThan(THRESHOLD);
        else if (f.score < THRESHOLD) expect(f.evidence?.join(' '), `${text}: low score without a reason`).toMatch(LOW_BY_DESIGN);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('reports none of the non-addresses', () => {
    for (const c of cases.filter((x) => x.expected_len === 0)) {
      expect(
        ipAddressDetector.detect(c.text!).filter((f) => f.score >= THRESHOLD),
        c.text,
      ).toEqual([]);
    }
  });

  it('documents its deviations with cases that exist', () => {
    for (const text of Object.keys(DEVIATIONS)) expect(cases.some((c) => c.text === text)).toBe(true);
    expect(ipAddressDetector.detect('192.168.1.1.1')).toEqual([]);
  });
});

describe.skipIf(!HAVE_CORPORA)('external: Presidio phone cases (landline_phone)', () => {
  it('takes none of the foreign numbers (or the mainland mobile) for a mainland landline', () => {
    const cases = presidio('test_phone_recognizer.py');
    expect(cases.length).toBeGreaterThan(5);
    for (const c of cases) expect(landlinePhoneDetector.detect(c.text!), c.text).toEqual([]);
  });
});

describe.skipIf(!HAVE_CORPORA)('external: checksum vectors', () => {
  const all = HAVE_CORPORA ? vectors() : [];

  it('agrees with every Luhn vector', () => {
    const luhn = all.filter((v) => v.kind === 'LUHN');
    expect(luhn.length).toBeGreaterThanOrEqual(5);
    for (const v of luhn) expect(luhnValid(v.value), v.value).toBe(v.expected === 'valid');
  });

  it('finds the valid 15-digit resident IDs and rejects the one with an impossible date', () => {
    const ric15 = all.filter((v) => v.kind.startsWith('CN_RIC') && /^\d{15}$/.test(v.value));
    expect(ric15.length).toBeGreaterThanOrEqual(3);
    for (const v of ric15) {
      const check = checkResidentId15(v.value);
      const found = residentIdDetector.detect(`身份证号：${v.value}`);
      if (v.expected === 'valid') {
        expect(check, v.value).toEqual({ region: true, birthDate: true });
        expect(found, v.value).toHaveLength(1);
      } else {
        expect(check.birthDate, v.value).toBe(false);
        expect(found, v.value).toEqual([]);
      }
    }
  });

  it('scores every valid 18-digit ID 0.95 or 1 (abolished region codes are kept) and never as a bank card', () => {
    const valid = all.filter((v) => v.kind.startsWith('CN_RIC') && !v.kind.includes('strict=true') && v.expected === 'valid' && /^\d{17}[\dXx]$/.test(v.value));
    expect(valid.length).toBeGreaterThan(10);
    for (const v of valid) {
      const [id] = residentIdDetector.detect(v.value);
      expect(id!.score, v.value).toBeGreaterThanOrEqual(0.95);
      const card = bankCardDetector.detect(`账号 ${v.value}`)[0];
      if (card) expect(card.score + bankCardDetector.contextBoost, v.value).toBeLessThan(THRESHOLD);
    }
  });
});

describe.skipIf(!HAVE_CORPORA)('external: generated data against its sources', () => {
  const lines = (p: string) =>
    readFileSync(join(CORPORA, p), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');

  it('knows every BIN of bankcards/data/bin.csv with its bank and card length', () => {
    const rows = lines('bankcards/data/bin.csv').slice(1);
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) {
      const [bin, bank, , length] = row.split(',');
      const number = bin!.padEnd(Number(length), '0');
      const hits = lookupBin(number);
      // A longer BIN may shadow a shorter one for this padded number; the row must then be a prefix of it.
      expect(hits.length, row).toBeGreaterThan(0);
      expect(hits[0]!.bin.startsWith(bin!) || bin!.startsWith(hits[0]!.bin), row).toBe(true);
      if (hits[0]!.bin === bin) expect(hits.some((h) => h.bankCode === bank && h.length === Number(length)), row).toBe(true);
    }
  });

  it('knows every area code named in libphonenumber geocoding', () => {
    let n = 0;
    for (const row of lines('phones/resources/geocoding/zh/86.txt')) {
      const prefix = row.split('|')[0]!;
      if (row.startsWith('#') || /^861[3-9]/.test(prefix)) continue;
      const code = prefix.slice(2);
      if (!/^(?:10|2\d|[3-9]\d\d)$/.test(code)) continue;
      expect(areaCodeLengths(code), row).toBeDefined();
      n++;
    }
    expect(n).toBeGreaterThan(300);
  });

  it('knows every code of regions/region_codes_compact.tsv as current', () => {
    const codes = lines('regions/region_codes_compact.tsv')
      .map((l) => l.split('\t')[0]!)
      .filter((c) => /^\d{6}$/.test(c));
    expect(codes.length).toBeGreaterThan(3000);
    for (const code of codes) expect(isCurrentRegionCode(code), code).toBe(true);
  });
});
