import { CATEGORIES, FINDING_TYPES, type Category, type FindingType } from '../../shared/rules/finding';
import type { FindingView } from '../../shared/ipc/views';

/**
 * How the findings panel groups, sorts and filters findings. Pure: no React,
 * no DOM, so the panel and the review's keyboard navigation (J/K) compute the
 * same order from the same query.
 */
export type GroupBy = 'category' | 'type' | 'none';
export type SortBy = 'position' | 'score' | 'type';
export type StateFilter = 'all' | 'undecided' | 'accepted' | 'rejected';

export const GROUP_BYS: readonly GroupBy[] = ['category', 'type', 'none'];
export const SORT_BYS: readonly SortBy[] = ['position', 'score', 'type'];
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'undecided', 'accepted', 'rejected'];

export interface FindingQuery {
  groupBy: GroupBy;
  sortBy: SortBy;
  state: StateFilter;
  category: Category | 'all';
  /** Matched, case-insensitively, against the finding's text, its type id (and label, when given) and its location. */
  text: string;
}

export const DEFAULT_QUERY: FindingQuery = { groupBy: 'category', sortBy: 'position', state: 'all', category: 'all', text: '' };

/** Key of the single group when `groupBy` is `none`. */
export const ALL_GROUP = 'all';

export interface FindingGroup {
  /** The category or type id, or {@link ALL_GROUP}. */
  key: string;
  findings: FindingView[];
  /** How many of `findings` have no decision yet. */
  undecided: number;
}

export interface OrderOptions {
  /** Display label of a type (e.g. `身份证号`), so that the text filter also finds findings by what the reviewer sees. */
  typeLabel?: (type: FindingType) => string;
}

const CATEGORY_RANK = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const TYPE_RANK = new Map<string, number>(FINDING_TYPES.map((t, i) => [t, i]));

function byPosition(a: FindingView, b: FindingView): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const COMPARE: Record<SortBy, (a: FindingView, b: FindingView) => number> = {
  position: byPosition,
  score: (a, b) => b.score - a.score || byPosition(a, b),
  type: (a, b) => TYPE_RANK.get(a.type)! - TYPE_RANK.get(b.type)! || byPosition(a, b),
};

function matcher(q: FindingQuery, options: OrderOptions): (f: FindingView) => boolean {
  const needle = q.text.trim().toLowerCase();
  const labels = new Map<string, string>();
  const label = (type: FindingType): string => {
    let l = labels.get(type);
    if (l === undefined) labels.set(type, (l = (options.typeLabel?.(type) ?? '').toLowerCase()));
    return l;
  };
  return (f) =>
    (q.state === 'all' || (f.decision ?? 'undecided') === q.state) &&
    (q.category === 'all' || f.category === q.category) &&
    (needle === '' ||
      f.text.toLowerCase().includes(needle) ||
      f.type.includes(needle) ||
      label(f.type).includes(needle) ||
      f.location.toLowerCase().includes(needle));
}

/**
 * Filters, groups and sorts findings in one pass plus one sort per group.
 * Groups come in the order of CATEGORIES (secret markings first) or of
 * FINDING_TYPES; empty groups are left out. `ordered` is every shown finding,
 * group by group: the order next/previous navigation follows.
 */
export function orderFindings(findings: readonly FindingView[], q: FindingQuery, options: OrderOptions = {}): { groups: FindingGroup[]; ordered: FindingView[] } {
  const keep = matcher(q, options);
  const byKey = new Map<string, FindingGroup>();
  for (const f of findings) {
    if (!keep(f)) continue;
    const key = q.groupBy === 'category' ? f.category : q.groupBy === 'type' ? f.type : ALL_GROUP;
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { key, findings: [], undecided: 0 }));
    group.findings.push(f);
    if (f.decision === null) group.undecided++;
  }
  const rank = q.groupBy === 'category' ? CATEGORY_RANK : TYPE_RANK;
  const groups = [...byKey.values()].sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0));
  const compare = COMPARE[q.sortBy];
  for (const g of groups) g.findings.sort(compare);
  return { groups, ordered: groups.flatMap((g) => g.findings) };
}

/** True when the query hides nothing (grouping and sorting aside). */
export function isUnfiltered(q: FindingQuery): boolean {
  return q.state === 'all' && q.category === 'all' && q.text.trim() === '';
}
