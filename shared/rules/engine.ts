import type { Candidate, Detector } from './detector';
import { addressDetector } from './detectors/address';
import { bankCardDetector } from './detectors/bank-card';
import { birthDateDetector } from './detectors/birth-date';
import { emailDetector } from './detectors/email';
import { ipAddressDetector } from './detectors/ip-address';
import { landlinePhoneDetector } from './detectors/landline-phone';
import { passportDetector } from './detectors/passport';
import { personNameDetector } from './detectors/person-name';
import { socialInsuranceDetector } from './detectors/social-insurance';
import { hkMacaoPermitDetector, taiwanPermitDetector } from './detectors/travel-permit';
import { vehiclePlateDetector } from './detectors/vehicle-plate';
import { markingsDetector } from './detectors/markings';
import { processInfoDetector } from './detectors/process-info';
import { sensitivePersonalDetector } from './detectors/sensitive-personal';
import { tradeSecretDetector } from './detectors/trade-secret';
import { mobilePhoneDetector } from './detectors/mobile-phone';
import { negativeListSet } from './detectors/negative-list';
import { residentIdDetector } from './detectors/resident-id';
import { TYPE_CATEGORY, type Finding } from './finding';
import type { TermList } from './term-list';
import { TextPass } from './text-pass';
import { AhoCorasick } from './aho-corasick';
import { resolveOverlaps } from './overlaps';
import { applyAllowLists, type AllowList, type Suppression } from './allow-list';
import { DEFAULT_RULE_SET, applyRuleSet, type RuleSet } from './rule-set';
import { NO_OVERLAY, applyOverlay, type RuleOverlay } from './overlay';

export const ENGINE_VERSION = '0.2.0';

/** Characters on each side of a hit searched for context words. */
export const CONTEXT_WINDOW = 24;


export const BUILTIN_DETECTORS: readonly Detector[] = [
  markingsDetector,
  processInfoDetector,
  residentIdDetector,
  mobilePhoneDetector,
  landlinePhoneDetector,
  bankCardDetector,
  emailDetector,
  passportDetector,
  hkMacaoPermitDetector,
  taiwanPermitDetector,
  vehiclePlateDetector,
  ipAddressDetector,
  birthDateDetector,
  socialInsuranceDetector,
  personNameDetector,
  addressDetector,
  sensitivePersonalDetector,
  tradeSecretDetector,
];

export interface ScanOptions {
  lists?: readonly TermList[];
  allowLists?: readonly AllowList[];
  /** Defaults to the shipped rule set (resources/rules/default.json). */
  ruleSet?: RuleSet;
  /** The office's custom rules and switched-off detectors, on top of `ruleSet`. */
  overlay?: RuleOverlay;
  /** Overrides the rule set's threshold. */
  threshold?: number;
  /** Called after each detector (the negative lists count as one), for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface ScanResult {
  findings: Finding[];
  /** Findings an allow-list suppressed: counted and shown, never silently dropped. */
  suppressed: Suppression[];
  engineVersion: string;
  /** `office`: the office rule set version, when there is one. */
  ruleSet: { id: string; version: string; office?: number };
}

/**
 * The fixed pipeline: detect, validate (inside detectors), context boost,
 * threshold, de-duplicate per type, allow-lists, sort. Pure and deterministic.
 */
export function scanDocument(text: string, options: ScanOptions = {}): ScanResult {
  const ruleSet = options.ruleSet ?? DEFAULT_RULE_SET;
  const threshold = options.threshold ?? ruleSet.threshold;
  const findings: Finding[] = [];
  const pass = new TextPass(text);
  const keep = (detector: Detector, c: Candidate) => {
    const contextWords = findContextWords(detector.contextWords, pass, c.start, c.end);
    const boost = contextWords.length > 0 ? detector.contextBoost : 0;
    const score = Math.min(1, Math.round((c.score + boost) * 100) / 100);
    // Most candidates of a long text fail the threshold: build findings only for the rest.
    if (score >= threshold) findings.push(toFinding(detector, c, text, contextWords, boost, score));
  };
  const overlay = options.overlay ?? NO_OVERLAY;
  const detectors = applyOverlay(applyRuleSet(BUILTIN_DETECTORS, ruleSet), overlay);
  const hasLists = options.lists !== undefined && options.lists.length > 0;
  const steps = detectors.length + (hasLists ? 1 : 0);
  detectors.forEach((detector, i) => {
    for (const c of detector.detect(text, pass)) keep(detector, c);
    options.onProgress?.(i + 1, steps);
  });
  // Every negative list in one pass over the text.
  if (hasLists) {
    const set = negativeListSet(options.lists!);
    set.detectAll(text).forEach((candidates, i) => {
      for (const c of candidates) keep(set.detectors[i]!, c);
    });
    options.onProgress?.(steps, steps);
  }
  const sorted = dedupe(propagateNames(text, findings)).sort((a, b) => a.start - b.start || b.end - a.end || a.type.localeCompare(b.type));
  const { kept, suppressed } = applyAllowLists(text, sorted, options.allowLists ?? []);
  return {
    findings: kept,
    suppressed,
    engineVersion: ENGINE_VERSION,
    ruleSet: { id: ruleSet.id, version: ruleSet.version, ...(overlay.version > 0 ? { office: overlay.version } : {}) },
  };
}

/** The findings of `scanDocument` alone. */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  return scanDocument(text, options).findings;
}

function toFinding(detector: Detector, c: Candidate, text: string, contextWords: string[], boost: number, score: number): Finding {
  const type = c.type ?? detector.type;
  return {
    id: `${type}:${c.start}-${c.end}`,
    category: type === detector.type ? detector.category : TYPE_CATEGORY[type],
    type,
    rule: `${detector.id}@${detector.version}`,
    text: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    score,
    basis: c.basis ?? detector.basis,
    explanation: {
      detector: detector.id,
      pattern: c.pattern,
      prior: c.score,
      ...(c.validation ? { validation: c.validation } : {}),
      contextWords,
      contextBoost: boost,
      ...(c.list ? { list: c.list } : {}),
      ...(c.evidence ? { evidence: c.evidence } : {}),
    },
    ...(c.blocksExport ? { blocksExport: true as const } : {}),
  };
}

/** Context words within the window on either side, or in the header of the table column the span sits in. */
function findContextWords(words: readonly string[], pass: TextPass, start: number, end: number): string[] {
  if (words.length === 0) return [];
  const text = pass.text;
  const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
  const after = text.slice(end, end + CONTEXT_WINDOW);
  const header = pass.headerAt(start);
  return words.filter((w) => before.includes(w) || after.includes(w) || header.includes(w));
}

/** Types whose value, once found, is found wherever else it is written. */
const PROPAGATED = new Set(['person_name']);

/**
 * A name found once is a name wherever the same characters stand: the
 * detectors see a name by its context (a label, a title, a table column),
 * and the same person is often mentioned again without one. Without this a
 * redaction would leave the name readable a paragraph later (and the export's
 * leak check would refuse the copy). Each other occurrence gets a finding
 * with the score of the strongest one and the evidence of where it was found.
 */
function propagateNames(text: string, findings: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    if (!PROPAGATED.has(f.type) || f.text.length < 2) continue;
    const prev = best.get(f.text);
    if (!prev || f.score > prev.score) best.set(f.text, f);
  }
  if (best.size === 0) return findings;
  const covered = new Set(findings.filter((f) => PROPAGATED.has(f.type)).map((f) => `${f.type}:${f.start}`));
  const added: Finding[] = [];
  // All names in one pass (searching the text once per name would cost the text's length for every name).
  const values = [...best.keys()];
  const lastEnd = new Map<string, number>();
  for (const m of new AhoCorasick(values).search(text)) {
    const value = values[m.pattern]!;
    const source = best.get(value)!;
    const at = m.start;
    // Overlapping occurrences of one name (a doubled character) count once, as a left-to-right search finds them.
    if (at < (lastEnd.get(value) ?? 0)) continue;
    lastEnd.set(value, m.end);
    if (covered.has(`${source.type}:${at}`)) continue;
    added.push({
      ...source,
      id: `${source.type}:${at}-${at + value.length}`,
      start: at,
      end: at + value.length,
      explanation: {
        ...source.explanation,
        pattern: 'same_name_elsewhere',
        evidence: [...(source.explanation.evidence ?? []), `同一姓名已在第 ${source.start + 1} 字处识别 same name found at ${source.start}`],
      },
    });
  }
  return added.length > 0 ? [...findings, ...added] : findings;
}

/**
 * Among overlapping findings of the same type keep the stronger one
 * (higher score, then longer span, then earlier start).
 */
function dedupe(findings: Finding[]): Finding[] {
  const byType = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byType.get(f.type) ?? [];
    list.push(f);
    byType.set(f.type, list);
  }
  const kept: Finding[] = [];
  for (const list of byType.values()) {
    const taken = resolveOverlaps(list);
    for (const f of taken) kept.push(f);
  }
  return kept;
}
