import type { AllowList } from '../../../shared/rules/allow-list';
import type { ScanResult } from '../../../shared/rules/engine';
import { canonicalJson } from '../../../shared/log/entry';
import { overlaySuffix, type RuleOverlay } from '../../../shared/rules/overlay';
import type { RuleSet } from '../../../shared/rules/rule-set';
import type { TermList } from '../../../shared/rules/term-list';
import type { ScanControl, Scanner } from '../scan/scanner';
import { sha256Hex } from '../storage/blob-store';

/** Where a scan's rules come from at the moment it starts. */
export interface RuleSources {
  /** The negative lists a new scan uses. */
  lists: () => TermList[];
  /** The allow-lists a new scan uses. */
  allowLists: () => AllowList[];
  /** The shipped rule set (never changed). */
  ruleSet: RuleSet;
  /** The office's custom rules and switched-off detectors (rule-set-store.ts), with the hash of their content. */
  overlay?: () => RuleOverlay & { sha256: string };
  scan: Scanner;
}

export interface CurrentScan {
  scan: ScanResult;
  /** `name@version` of each list, as stored with the review. */
  listIds: string[];
  /** `mishen-default@1.0.0#<hash>` plus `+office@v3` when the office changed the rule set. */
  ruleSetId: string;
  /** What the `document.scan` and `document.rescan` log entries record of the rules. */
  record: { engine: string; ruleSet: string; lists: string[]; allowLists: string[]; officeRules?: { version: number; sha256: string } };
}

/** Scans `text` under the lists, allow-lists, shipped rule set and office overlay of this moment. */
export async function scanUnderCurrentRules(src: RuleSources, text: string, control: ScanControl = {}): Promise<CurrentScan> {
  const lists = src.lists();
  const allowLists = src.allowLists();
  const { ruleSet } = src;
  const overlay = src.overlay?.();
  const scan = await src.scan(text, { lists, allowLists, ruleSet, ...(overlay ? { overlay } : {}) }, control);
  const listIds = lists.map((l) => `${l.name}@${l.version}`);
  const ruleSetId = `${ruleSet.id}@${ruleSet.version}#${sha256Hex(canonicalJson(ruleSet)).slice(0, 16)}${overlay ? overlaySuffix(overlay) : ''}`;
  return {
    scan,
    listIds,
    ruleSetId,
    record: {
      engine: scan.engineVersion,
      ruleSet: ruleSetId,
      lists: listIds,
      allowLists: allowLists.map((l) => `${l.name}@${l.version}`),
      ...(overlay && overlay.version > 0 ? { officeRules: { version: overlay.version, sha256: overlay.sha256 } } : {}),
    },
  };
}
