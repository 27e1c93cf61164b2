import type { CustomRule, ListKind, ListMeta, RulePackPreview, TermEntry } from '../ipc/views';
import { canonicalJson } from '../log/entry';
import type { PackList, RulePack } from './pack';

/** A list of this workstation with the same kind and name as one in the pack. */
export interface ExistingList {
  id: number;
  version: number;
  /** Shipped with the product or read from a file in the data folder: never changed by an import. */
  readOnly: boolean;
  meta: ListMeta;
  terms: readonly TermEntry[];
}

export interface ExistingRules {
  customRules: readonly CustomRule[];
  disabledDetectors: readonly string[];
}

export type ListAction = RulePackPreview['lists'][number]['action'];

export interface PlannedList {
  list: PackList;
  existing: ExistingList | null;
  action: ListAction;
  /** Why the list is refused. */
  reason?: string;
}

export interface PackPlan {
  lists: PlannedList[];
  rules: RulePackPreview['rules'];
}

/** Terms compared as a set keyed by term: the order a store keeps them in is not a change. */
function termsKey(terms: readonly TermEntry[]): string {
  return canonicalJson([...terms].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0)));
}

function sameList(list: PackList, existing: ExistingList): boolean {
  return canonicalJson(list.meta) === canonicalJson(existing.meta) && termsKey(list.terms) === termsKey(existing.terms);
}

function sameRules(pack: NonNullable<RulePack['ruleSet']>, current: ExistingRules): boolean {
  const key = (r: ExistingRules) => canonicalJson({ customRules: r.customRules, disabledDetectors: [...r.disabledDetectors].sort() });
  return key(pack) === key(current);
}

/** What importing the pack would do to each list and to the rule set, given what the workstation holds now. */
export function planPack(pack: RulePack, lookup: (kind: ListKind, name: string) => ExistingList | null, rules: () => ExistingRules): PackPlan {
  const lists = pack.lists.map((list): PlannedList => {
    const existing = lookup(list.kind, list.meta.name);
    const action: ListAction = !existing ? 'create' : existing.readOnly ? 'refused' : sameList(list, existing) ? 'unchanged' : 'update';
    return action === 'refused' ? { list, existing, action, reason: '与随产品提供或来自文件的清单重名' } : { list, existing, action };
  });
  const action = !pack.ruleSet ? 'none' : sameRules(pack.ruleSet, rules()) ? 'unchanged' : 'update';
  return { lists, rules: { customRules: pack.ruleSet?.customRules.length ?? 0, action } };
}
