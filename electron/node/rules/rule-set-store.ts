import { diffArrays } from 'diff';
import { AppError } from '../../../shared/errors';
import type { CustomRule, ListVersionInfo, RuleSetDetail, RuleTestResult, VersionDiff } from '../../../shared/ipc/views';
import { canonicalJson } from '../../../shared/log/entry';
import { BUILTIN_DETECTORS } from '../../../shared/rules/engine';
import type { RuleOverlay } from '../../../shared/rules/overlay';
import { DEFAULT_RULE_SET } from '../../../shared/rules/rule-set';
import type { ReviewLog } from '../log/review-log';
import type { Scanner } from '../scan/scanner';
import { sha256Hex } from '../storage/blob-store';
import type { Db } from '../storage/database';
import { ruleProblem } from './regex-safety';
import { testRule } from './rule-tester';
import { cutSame } from './version-diff';

/** One version's content, as stored (canonical JSON) and hashed. */
export interface RuleSetContent {
  customRules: CustomRule[];
  /** Sorted, each once. */
  disabledDetectors: string[];
}

export interface RuleSetChange extends RuleSetContent {
  /** The version the editor started from; the save is refused when the rule set moved on since. */
  expectedVersion: number;
}

/** The overlay scans use, with the hash of its content for the scan record. */
export interface CurrentOverlay extends RuleOverlay {
  sha256: string;
}

export interface RuleSetStoreDeps {
  db: Db;
  log: ReviewLog;
  now: () => Date;
  /** Runs tried rules (a worker with a time budget in the app). */
  scan: Scanner;
}

export const MAX_CUSTOM_RULES = 500;
const BUILTIN_IDS = new Set(BUILTIN_DETECTORS.map((d) => d.id));
const EMPTY: RuleSetContent = { customRules: [], disabledDetectors: [] };

/**
 * The office's rule set (migration 12): custom rules and built-in detectors
 * switched off, every change a new numbered version; version 0 is the
 * shipped rule set unchanged. The shipped rule set itself is never stored
 * or changed here.
 */
export class RuleSetStore {
  constructor(private readonly deps: RuleSetStoreDeps) {}

  version(): number {
    const row = this.deps.db.prepare('SELECT max(version) AS v FROM rule_set_versions').get() as { v: number | null };
    return row.v ?? 0;
  }

  detail(): RuleSetDetail {
    const version = this.version();
    return { version, ...this.content(version), builtin: `${DEFAULT_RULE_SET.id}@${DEFAULT_RULE_SET.version}`, versions: this.versions() };
  }

  /** An administrator's edit: refused when another edit came first, or when any rule or detector id is refused. */
  save(change: RuleSetChange, actor: string, note: string): RuleSetDetail {
    return this.write(change.expectedVersion, change, actor, note, 'edit');
  }

  /** Makes the rule set exactly this (a rule pack's import); no new version when nothing changes. */
  replace(customRules: CustomRule[], disabledDetectors: string[], actor: string, note: string): RuleSetDetail {
    return this.write(null, { customRules, disabledDetectors }, actor, note, 'pack');
  }

  /** What the next scan runs with: plain data, compiled in the scan worker. */
  overlay(): CurrentOverlay {
    const version = this.version();
    const content = this.content(version);
    return { version, ...content, sha256: sha256Hex(canonicalJson(content)) };
  }

  /** Two versions (0: the shipped defaults) as pretty canonical JSON, line by line. */
  diff(from: number, to: number): VersionDiff {
    const parts = diffArrays(prettyLines(this.content(from)), prettyLines(this.content(to))).map((c) => ({
      kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const),
      lines: c.value,
      count: c.value.length,
    }));
    return { from, to, parts: cutSame(parts), metaChanges: [] };
  }

  /** Tries a rule that is not saved (rule-tester.ts). */
  test(rule: CustomRule, text: string): Promise<RuleTestResult> {
    return testRule(rule, text, this.deps.scan);
  }

  content(version: number): RuleSetContent {
    if (version === 0) return EMPTY;
    const row = this.deps.db.prepare('SELECT json FROM rule_set_versions WHERE version = ?').get(version) as { json: string } | undefined;
    if (!row) throw new AppError('not_found', `规则集没有第 ${version} 版`, `rule set version ${version} not found`);
    return JSON.parse(row.json) as RuleSetContent;
  }

  private versions(): ListVersionInfo[] {
    const rows = this.deps.db.prepare('SELECT version, json, author, note, created_at FROM rule_set_versions ORDER BY version DESC').all() as {
      version: number;
      json: string;
      author: string;
      note: string;
      created_at: string;
    }[];
    return rows.map((r) => ({ version: r.version, author: r.author, note: r.note, at: r.created_at, terms: (JSON.parse(r.json) as RuleSetContent).customRules.length }));
  }

  private write(expected: number | null, input: RuleSetContent, actor: string, note: string, via: 'edit' | 'pack'): RuleSetDetail {
    const next = validated(input);
    const { db, log } = this.deps;
    db.transaction(() => {
      const current = this.version();
      if (expected !== null && expected !== current) {
        throw new AppError('refused', `规则集已被他人修改（现为第 ${current} 版），请刷新后再保存`, `the rule set moved on to version ${current}; reload and save again`);
      }
      const before = this.content(current);
      const json = canonicalJson(next);
      if (json === canonicalJson(before)) return;
      const version = current + 1;
      db.prepare('INSERT INTO rule_set_versions (version, json, author, note, created_at) VALUES (?, ?, ?, ?, ?)').run(version, json, actor, note.trim(), this.deps.now().toISOString());
      // Ids and a hash pin the content; the rules themselves stay in rule_set_versions.
      log.append('rules.ruleset_change', { version, sha256: sha256Hex(json), via, note: note.trim(), ...ruleChanges(before, next) });
    })();
    return this.detail();
  }
}

/** The content as stored, or an AppError naming the first rule or detector refused. */
function validated(input: RuleSetContent): RuleSetContent {
  if (input.customRules.length > MAX_CUSTOM_RULES) {
    throw new AppError('invalid_request', `自定义规则不能超过 ${MAX_CUSTOM_RULES} 条`, `at most ${MAX_CUSTOM_RULES} custom rules`);
  }
  const seen = new Set<string>();
  for (const rule of input.customRules) {
    if (seen.has(rule.id)) throw new AppError('invalid_request', `规则编号重复：${rule.id}`, `duplicate rule id: ${rule.id}`);
    seen.add(rule.id);
    const problem = ruleProblem(rule);
    if (problem) throw new AppError('invalid_request', `规则「${rule.name}」（${rule.id}）：${problem.zh}`, `rule ${rule.id}: ${problem.en}`);
  }
  const unknown = input.disabledDetectors.filter((id) => !BUILTIN_IDS.has(id));
  if (unknown.length > 0) throw new AppError('invalid_request', `未知的内置检测器：${unknown.join('、')}`, `unknown built-in detectors: ${unknown.join(', ')}`);
  return { customRules: input.customRules.map(normalized), disabledDetectors: [...new Set(input.disabledDetectors)].sort() };
}

/** Exactly the fields of a rule (a pack may carry more), context words trimmed and once each. */
function normalized(r: CustomRule): CustomRule {
  const contextWords = [...new Set(r.contextWords.map((w) => w.trim()).filter((w) => w.length > 0))];
  return { id: r.id, name: r.name, pattern: r.pattern, flags: r.flags, type: r.type, category: r.category, score: r.score, contextWords, contextBoost: r.contextBoost, basis: r.basis, enabled: r.enabled };
}

function ruleChanges(before: RuleSetContent, after: RuleSetContent) {
  const old = new Map(before.customRules.map((r) => [r.id, canonicalJson(r)]));
  const now = new Map(after.customRules.map((r) => [r.id, canonicalJson(r)]));
  return {
    rules: [...now.keys()],
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    disabledDetectors: after.disabledDetectors,
  };
}

/** Canonical (sorted keys) JSON, two-space indented: stable lines to diff. */
function prettyLines(content: RuleSetContent): string[] {
  return JSON.stringify(JSON.parse(canonicalJson(content)), null, 2).split('\n');
}
