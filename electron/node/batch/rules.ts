import type { BatchRunInfo } from '../../../shared/batch/report';
import { canonicalJson } from '../../../shared/log/entry';
import type { AllowList } from '../../../shared/rules/allow-list';
import { ENGINE_VERSION, type ScanOptions } from '../../../shared/rules/engine';
import { overlaySuffix } from '../../../shared/rules/overlay';
import { DEFAULT_RULE_SET } from '../../../shared/rules/rule-set';
import type { TermList } from '../../../shared/rules/term-list';
import { sha256Hex } from '../storage/blob-store';
import type { Workspace } from '../workspace';

/** The rules of a folder check: plain data for the workers, a description for the report, and a key that names them. */
export interface BatchRules {
  scan: ScanOptions;
  info: BatchRunInfo['rules'];
  /** SHA-256 of the description: a run continues only under the rules it started with. */
  key: string;
}

/**
 * The workspace's current lists, allow-lists and office rule set, or the
 * given lists instead of the office's (the CLI's `--list`/`--allow`).
 */
export function batchRules(ws: Pick<Workspace, 'termLists' | 'ruleSets'>, given: { lists?: TermList[]; allowLists?: AllowList[] } = {}): BatchRules {
  const active = given.lists && given.allowLists ? null : ws.termLists.active();
  const lists = given.lists ?? active!.lists;
  const allowLists = given.allowLists ?? active!.allowLists;
  const { sha256, ...overlay } = ws.ruleSets.overlay();
  const ruleSet = DEFAULT_RULE_SET;
  const info = {
    engine: ENGINE_VERSION,
    ruleSet: `${ruleSet.id}@${ruleSet.version}#${sha256Hex(canonicalJson(ruleSet)).slice(0, 16)}${overlaySuffix(overlay)}`,
    lists: lists.map((l) => `${l.name}@${l.version}`),
    allowLists: allowLists.map((l) => `${l.name}@${l.version}`),
  };
  return { scan: { lists, allowLists, ruleSet, overlay }, info, key: sha256Hex(canonicalJson({ ...info, overlay: sha256 })) };
}
