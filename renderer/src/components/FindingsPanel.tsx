import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zh } from '../locales/zh';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { CATEGORIES, type Category } from '../../../shared/rules/finding';
import type { FindingView } from '../../../shared/ipc/views';
import {
  DEFAULT_QUERY,
  GROUP_BYS,
  SORT_BYS,
  STATE_FILTERS,
  isUnfiltered,
  orderFindings,
  type FindingGroup,
  type FindingQuery,
} from '../findings-order';

interface Props {
  findings: readonly FindingView[];
  selected: string | null;
  locked: boolean;
  onSelect(id: string): void;
  onDecide(ids: string[], decision: 'accepted' | 'rejected'): void;
  /** The reason sent with every rejection, and whether a decision applies to every finding of the same value. */
  reason: string;
  onReasonChange(reason: string): void;
  sameValue: boolean;
  onSameValueChange(on: boolean): void;
  /** Grouping, sorting and filters. Pass both to control them (and to share the order with keyboard navigation); left out, the panel keeps its own. */
  query?: FindingQuery;
  onQueryChange?(q: FindingQuery): void;
  /** Keys (category or type ids) of collapsed groups. Pass both to control them; left out, the panel keeps its own. */
  collapsed?: readonly string[];
  onCollapsedChange?(keys: string[]): void;
  /** Findings a re-scan under newer lists or rules added, or a revised draft put before the reviewer: marked 新. */
  fresh?: ReadonlySet<string>;
  /** Findings of a revised draft whose decision was carried over from the earlier review: marked 沿用. */
  carried?: ReadonlySet<string>;
}

type Decide = Props['onDecide'];

const STATE_ICON = { accepted: '■', rejected: '○', undecided: '?' } as const;
/** A shape per category, so that a category never shows by colour alone. */
const CATEGORY_ICON: Record<Category, string> = { classified: '▲', personal: '●', trade_secret: '◆', negative_list: '✕', internal: '▣' };
/** Lists up to this many rows render whole (find-in-page and screen readers see every row); longer ones are virtualised. */
const RENDER_ALL_BELOW = 120;
/** Height of a group header (styles.css) and of the gap between rows, in px. */
const HEADER_HEIGHT = 34;
const ROW_GAP = 6;

/** Reasons reviewers give most for keeping a value (不脱敏), in the terms of the Regulations. */
export const REJECT_REASONS = ['publicOfficial', 'alreadyPublic', 'consent', 'publicInterest', 'falsePositive'] as const;

/**
 * The findings in the panel's order for a query: `ordered` is what next/previous
 * navigation should follow. The text filter also matches the translated type label.
 */
export function useFindingOrder(findings: readonly FindingView[], query: FindingQuery) {
  const { t } = useTranslation();
  return useMemo(() => orderFindings(findings, query, { typeLabel: (type) => t(`type.${type}`) }), [findings, query, t]);
}

type Row = { kind: 'group'; group: FindingGroup; collapsed: boolean } | { kind: 'finding'; finding: FindingView; pos: number };

export function FindingsPanel(props: Props) {
  const { findings, selected, locked, onSelect, onDecide, reason, onReasonChange, sameValue, onSameValueChange } = props;
  const { t, i18n } = useTranslation();
  const [ownQuery, setOwnQuery] = useState(DEFAULT_QUERY);
  const query = props.query ?? ownQuery;
  const setQuery = (q: FindingQuery) => {
    props.onQueryChange?.(q);
    if (!props.query) setOwnQuery(q);
  };
  const [ownCollapsed, setOwnCollapsed] = useState<readonly string[]>([]);
  const collapsedKeys = props.collapsed ?? ownCollapsed;
  const { onCollapsedChange } = props;
  const controlledCollapse = props.collapsed !== undefined;
  const setCollapsed = useCallback(
    (keys: string[]) => {
      onCollapsedChange?.(keys);
      if (!controlledCollapse) setOwnCollapsed(keys);
    },
    [onCollapsedChange, controlledCollapse],
  );

  const done = findings.filter((f) => f.decision !== null).length;
  const open = findings.filter((f) => f.decision === null).map((f) => f.id);
  // A preset reason is recorded in the office's language whatever the window shows: the log and the review sheet are Chinese records.
  const presets: readonly string[] = REJECT_REASONS.map((r) => zh.rejectReasons[r]);
  // "Other" chosen but nothing typed yet, or a typed reason that is not a preset.
  const [otherChosen, setOtherChosen] = useState(false);
  const custom = otherChosen || (reason !== '' && !presets.includes(reason));

  // Typing in the search box stays responsive while a long list is regrouped.
  const deferredQuery = useDeferredValue(query);
  const { groups, ordered } = useFindingOrder(findings, deferredQuery);
  const grouped = deferredQuery.groupBy !== 'none';
  const model = useMemo(() => {
    const collapsedSet = new Set(collapsedKeys);
    const rows: Row[] = [];
    const rowOf = new Map<string, number>();
    const groupOf = new Map<string, string>();
    const headers: number[] = [];
    let pos = 0;
    for (const group of groups) {
      const isCollapsed = grouped && collapsedSet.has(group.key);
      if (grouped) {
        headers.push(rows.length);
        rows.push({ kind: 'group', group, collapsed: isCollapsed });
      }
      for (const f of group.findings) {
        pos++;
        groupOf.set(f.id, group.key);
        if (isCollapsed) continue;
        rowOf.set(f.id, rows.length);
        rows.push({ kind: 'finding', finding: f, pos });
      }
    }
    return { rows, rowOf, groupOf, collapsedSet, headers };
  }, [groups, grouped, collapsedKeys]);
  const { rows } = model;

  // The header of the group at the top of the view stays rendered, and sticks, so its name and action stay at hand.
  const stickyHeader = useRef(-1);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const { headers } = model;
      let lo = 0;
      let hi = headers.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (headers[mid]! <= range.startIndex) lo = mid + 1;
        else hi = mid;
      }
      const active = lo > 0 ? headers[lo - 1]! : -1;
      stickyHeader.current = active;
      const items = defaultRangeExtractor(range);
      return active >= 0 && items[0] !== undefined && active < items[0] ? [active, ...items] : items;
    },
    [model],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? HEADER_HEIGHT : 112),
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === 'group' ? `group:${row.group.key}` : row.finding.id;
    },
    overscan: rows.length <= RENDER_ALL_BELOW ? RENDER_ALL_BELOW : 6,
    gap: ROW_GAP,
    rangeExtractor,
    // Room for the selected row's ring at either end, and, when a row is scrolled to, for the sticky group header.
    paddingStart: 2,
    paddingEnd: 2,
    scrollPaddingStart: grouped ? HEADER_HEIGHT + ROW_GAP : 4,
    scrollPaddingEnd: 4,
  });

  // Bring the selected finding into view when the selection changes (J/K, a click in the document), opening its
  // group if needed; after a new query, keep it in view if it is still shown, or start from the top.
  const pendingScroll = useRef<{ id: string | null; open: boolean; top: boolean } | null>(null);
  const lastSelected = useRef<string | null>(null);
  const lastQuery = useRef(deferredQuery);
  useEffect(() => {
    if (selected !== lastSelected.current) pendingScroll.current = { id: selected, open: true, top: false };
    else if (deferredQuery !== lastQuery.current) pendingScroll.current = { id: selected, open: false, top: true };
    lastSelected.current = selected;
    lastQuery.current = deferredQuery;
    const pending = pendingScroll.current;
    if (!pending) return;
    const row = pending.id === null ? undefined : model.rowOf.get(pending.id);
    const key = pending.id === null ? undefined : model.groupOf.get(pending.id);
    if (row === undefined && pending.open && key !== undefined && model.collapsedSet.has(key)) {
      setCollapsed(collapsedKeys.filter((k) => k !== key)); // runs again once the group's rows are there
      return;
    }
    pendingScroll.current = null;
    // At the top, below the sticky header: the selected row opens its detail, often taller than the list's view.
    if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'start' });
    else if (pending.top) virtualizer.scrollToOffset(0);
  }, [selected, deferredQuery, model, virtualizer, collapsedKeys, setCollapsed]);

  const toggle = useCallback(
    (key: string) => setCollapsed(collapsedKeys.includes(key) ? collapsedKeys.filter((k) => k !== key) : [...collapsedKeys, key]),
    [collapsedKeys, setCollapsed],
  );
  const groupLabel = (key: string) => (deferredQuery.groupBy === 'type' ? t(`type.${key}`) : t(`category.${key}`));
  const shown = ordered.length;
  const filtered = !isUnfiltered(query);

  return (
    <section className="panel findings" aria-label={t('review.findings')}>
      <div className="panel-head">
        <h2>
          {t('review.findings')} <span className="count">{formatNumber(findings.length, i18n.language)}</span>
        </h2>
        <span className="muted" data-testid="progress">
          {t('review.progress', { done: formatNumber(done, i18n.language), total: formatNumber(findings.length, i18n.language) })}
        </span>
      </div>
      {findings.length === 0 ? (
        <p className="muted">{t('review.noFindings')}</p>
      ) : (
        <>
          <div className="panel-actions">
            <button type="button" className="primary" disabled={locked || open.length === 0} onClick={() => onDecide(open, 'accepted')}>
              {t('review.acceptAll')}
            </button>
            <span className="muted small">{t('review.shortcuts')}</span>
          </div>
          <div className="panel-actions decision-options">
            <label className="field inline">
              <span>{t('review.rejectReason')}</span>
              <select
                value={custom ? '__other' : reason}
                onChange={(e) => {
                  const other = e.target.value === '__other';
                  setOtherChosen(other);
                  onReasonChange(other ? '' : e.target.value);
                }}
                disabled={locked}
              >
                <option value="">{t('rejectReasons.none')}</option>
                {REJECT_REASONS.map((r) => (
                  <option key={r} value={zh.rejectReasons[r]}>
                    {t(`rejectReasons.${r}`)}
                  </option>
                ))}
                <option value="__other">{t('rejectReasons.other')}</option>
              </select>
            </label>
            {custom && (
              <input type="text" value={reason} aria-label={t('rejectReasons.other')} placeholder={t('rejectReasons.other')} disabled={locked} onChange={(e) => onReasonChange(e.target.value)} />
            )}
            <label className="inline-check">
              <input type="checkbox" checked={sameValue} disabled={locked} onChange={(e) => onSameValueChange(e.target.checked)} /> {t('review.sameValue')}
            </label>
          </div>
          <Toolbar query={query} onChange={setQuery} />
          {filtered && (
            <div className="findings-shown" role="status">
              <span data-testid="shown">{t('findings.shown', { shown, total: findings.length })}</span>
              <button type="button" className="link-button" onClick={() => setQuery({ ...query, state: 'all', category: 'all', text: '' })}>
                {t('findings.clear')}
              </button>
            </div>
          )}
          {shown === 0 ? (
            <p className="muted findings-empty">{t('findings.noMatch')}</p>
          ) : (
            <div className="findings-scroll" ref={scrollRef}>
              <ol className="finding-list" aria-label={t('findings.list')} style={{ height: virtualizer.getTotalSize() }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = rows[item.index]!;
                  return row.kind === 'group' ? (
                    <GroupHeader
                      key={item.key}
                      index={item.index}
                      rowRef={virtualizer.measureElement}
                      start={item.start}
                      sticky={item.index === stickyHeader.current}
                      group={row.group}
                      label={groupLabel(row.group.key)}
                      category={deferredQuery.groupBy === 'category' ? (row.group.key as Category) : categoryOfGroup(row.group)}
                      collapsed={row.collapsed}
                      locked={locked}
                      onToggle={toggle}
                      onDecide={onDecide}
                    />
                  ) : (
                    <FindingRow
                      key={item.key}
                      index={item.index}
                      rowRef={virtualizer.measureElement}
                      start={item.start}
                      finding={row.finding}
                      pos={row.pos}
                      setSize={shown}
                      selected={selected === row.finding.id}
                      fresh={props.fresh?.has(row.finding.id) === true}
                      carried={props.carried?.has(row.finding.id) === true}
                      locked={locked}
                      onSelect={onSelect}
                      onDecide={onDecide}
                    />
                  );
                })}
              </ol>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function formatNumber(n: number, lang: string): string {
  return n.toLocaleString(lang);
}

function categoryOfGroup(group: FindingGroup): Category {
  return group.findings[0]!.category;
}

function Toolbar({ query, onChange }: { query: FindingQuery; onChange(q: FindingQuery): void }) {
  const { t } = useTranslation();
  const choice = <K extends keyof FindingQuery>(key: K, label: string, values: readonly FindingQuery[K][], text: (v: FindingQuery[K]) => string) => (
    <label className="findings-choice">
      <span>{label}</span>
      <select value={query[key]} onChange={(e) => onChange({ ...query, [key]: e.target.value })}>
        {values.map((v) => (
          <option key={v} value={v}>
            {text(v)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="findings-toolbar" role="group" aria-label={t('findings.toolbar')}>
      <input
        type="search"
        className="findings-search"
        value={query.text}
        aria-label={t('findings.search')}
        placeholder={t('findings.searchPlaceholder')}
        onChange={(e) => onChange({ ...query, text: e.target.value })}
      />
      <div className="findings-choices">
        {choice('groupBy', t('findings.groupBy'), GROUP_BYS, (v) => t(`findings.groupByOptions.${v}`))}
        {choice('sortBy', t('findings.sortBy'), SORT_BYS, (v) => t(`findings.sortByOptions.${v}`))}
        {choice('state', t('findings.state'), STATE_FILTERS, (v) => t(`findings.stateOptions.${v}`))}
        {choice('category', t('findings.category'), ['all', ...CATEGORIES], (v) => (v === 'all' ? t('findings.allCategories') : t(`category.${v}`)))}
      </div>
    </div>
  );
}

/** Where a row sits in the virtual list; the virtualiser measures each row through `rowRef`. */
interface RowPlacement {
  index: number;
  start: number;
  rowRef(node: HTMLLIElement | null): void;
}

function placement({ index, start, rowRef }: RowPlacement, sticky = false) {
  return { ref: rowRef, 'data-index': index, style: sticky ? undefined : { transform: `translateY(${start}px)` } };
}

const GroupHeader = memo(function GroupHeader(props: RowPlacement & {
  /** The header of the group at the top of the view: it sticks there. */
  sticky: boolean;
  group: FindingGroup;
  label: string;
  category: Category;
  collapsed: boolean;
  locked: boolean;
  onToggle(key: string): void;
  onDecide: Decide;
}) {
  const { sticky, group, label, category, collapsed, locked, onToggle, onDecide } = props;
  const { t } = useTranslation();
  return (
    <li {...placement(props, sticky)} className={`finding-group cat-${category}${collapsed ? ' collapsed' : ''}${sticky ? ' sticky' : ''}`}>
      <h3 className="finding-group-title">
        <button type="button" className="finding-group-toggle" aria-expanded={!collapsed} title={t(collapsed ? 'findings.expand' : 'findings.collapse')} onClick={() => onToggle(group.key)}>
          <span className="caret" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className={`chip-icon cat-${category}`} aria-hidden="true">
            {CATEGORY_ICON[category]}
          </span>
          <span className="finding-group-label">{label}</span>
          <span className="finding-group-count">{t('findings.groupTotal', { n: group.findings.length })}</span>
          {group.undecided > 0 && <span className="finding-group-undecided">{t('findings.groupUndecided', { n: group.undecided })}</span>}
        </button>
      </h3>
      <button
        type="button"
        className="finding-group-accept"
        disabled={locked || group.undecided === 0}
        aria-label={t('findings.acceptGroupLabel', { group: label, n: group.undecided })}
        onClick={() => onDecide(group.findings.filter((f) => f.decision === null).map((f) => f.id), 'accepted')}
      >
        {t('findings.acceptGroup')}
      </button>
    </li>
  );
});

const FindingRow = memo(function FindingRow(props: RowPlacement & {
  finding: FindingView;
  pos: number;
  setSize: number;
  selected: boolean;
  fresh: boolean;
  carried: boolean;
  locked: boolean;
  onSelect(id: string): void;
  onDecide: Decide;
}) {
  const { finding: f, selected, fresh, carried, locked, onSelect, onDecide } = props;
  const { t } = useTranslation();
  const state = f.decision ?? 'undecided';
  return (
    <li
      {...placement(props)}
      id={`finding-${f.id}`}
      className={`finding cat-${f.category} state-${state}${selected ? ' selected' : ''}`}
      aria-current={selected}
      aria-posinset={props.pos}
      aria-setsize={props.setSize}
      onClick={() => onSelect(f.id)}
    >
      <div className="finding-head">
        <span className={`chip cat-${f.category}`}>
          <span aria-hidden="true">{CATEGORY_ICON[f.category]}</span> {t(`category.${f.category}`)}
        </span>
        <span className="finding-type">{t(`type.${f.type}`)}</span>
        {fresh && <span className="fresh">{t('review.fresh')}</span>}
        {carried && <span className="carried" title={t('revision.carriedTitle')}>{t('revision.carried')}</span>}
        <span className={`state state-${state}`}>
          <span aria-hidden="true">{STATE_ICON[state]}</span> {t(`review.${state}`)}
        </span>
      </div>
      <div className="finding-text">{f.text}</div>
      <div className="finding-meta">
        <span>
          {t('review.location')}：{f.location || '—'}
        </span>
        <span>
          {t('review.score')}：{f.score.toFixed(2)}
        </span>
        {f.explanation.validation && (
          <span>{f.explanation.validation.passed ? 'GB 11643 ✓' : `GB 11643 ✗ ${f.explanation.validation.failed.join(',')}`}</span>
        )}
        {f.explanation.list && <span>{f.explanation.list.name}</span>}
        {f.blocksExport && <span className="blocks">★ {t('review.blocksExport')}</span>}
      </div>
      {selected && (
        <div className="finding-detail">
          <div>
            <strong>{t('review.basis')}：</strong>
            {f.basis}
          </div>
          <div className="muted small">
            {t('review.rule')}：{f.rule}
            {f.explanation.contextWords.length > 0 && ` · ${f.explanation.contextWords.join('、')}`}
            {f.explanation.evidence && ` · ${f.explanation.evidence.join('；')}`}
          </div>
        </div>
      )}
      <div className="finding-actions">
        <button type="button" disabled={locked} aria-pressed={f.decision === 'accepted'} onClick={(e) => { e.stopPropagation(); onDecide([f.id], 'accepted'); }}>
          {t('review.accept')}
        </button>
        <button type="button" disabled={locked} aria-pressed={f.decision === 'rejected'} onClick={(e) => { e.stopPropagation(); onDecide([f.id], 'rejected'); }}>
          {t('review.reject')}
        </button>
      </div>
    </li>
  );
});
