import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLayout, ReviewView } from '../../../shared/ipc/views';
import { call } from '../api';
import { DocToolbar, stepZoom } from '../document/DocToolbar';
import { DocumentView, type Spans } from '../document/DocumentView';
import { MarkIndex, type Hit } from '../document/marks';
import { MarkStore, MarkStoreContext } from '../document/mark-store';
import { useSearch } from '../document/search';
import { forgetDocument, prefetchDocument } from '../document/prefetch';
import { DEFAULT_QUERY, type FindingQuery } from '../findings-order';
import { useCan } from '../session';
import { UndoStack, stepOf, undoCalls, type DecisionValue } from '../undo';
import { DecisionPanel } from './DecisionPanel';
import { FindingsPanel, useFindingOrder } from './FindingsPanel';
import { ImportWarnings } from './ImportWarnings';
import { ManualBar } from './ManualBar';
import { RevisionBanner } from './RevisionBanner';
import { RevisionImport } from './RevisionImport';
import { ShortcutLegend } from './ShortcutLegend';

interface Props {
  id: number;
  onBack(): void;
  /** Opens another review (a revision just imported). */
  onOpen(id: number): void;
  onError(err: unknown): void;
}

const NONE: never[] = [];

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
}

export function Review({ id, onBack, onOpen, onError }: Props) {
  const { t } = useTranslation();
  const [view, setViewRaw] = useState<ReviewView | null>(null);
  /** Every answer carries the text again; keeping the one string lets drawn ranges compare it by reference. */
  const setView = useCallback((next: ReviewView) => setViewRaw((prev) => (prev && prev.text === next.text ? { ...next, text: prev.text } : next)), []);
  const [selected, setSelected] = useState<string | null>(null);
  /** A text offset the document view brings into view. */
  const [focus, setFocus] = useState<number | null>(null);
  const [spans, setSpans] = useState<Spans>([]);
  const [zoom, setZoom] = useState(1);
  const [kind, setKind] = useState<DocumentLayout['kind'] | null>(null);
  const [boxMode, setBoxMode] = useState(false);
  const [query, setQuery] = useState<FindingQuery>(DEFAULT_QUERY);
  const [undo, setUndo] = useState(new UndoStack());
  /** What the last re-scan under the current lists and rules changed. */
  const [rescan, setRescan] = useState<{ added: string[]; removed: number; kept: number } | null>(null);
  const revision = view?.revision;
  const fresh = useMemo(() => new Set([...(rescan?.added ?? []), ...(revision?.fresh ?? [])]), [rescan, revision]);
  const carried = useMemo(() => new Set(revision?.carried ?? []), [revision]);
  const can = useCan('review.decide');
  const canImport = useCan('document.import');
  const searchBox = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    performance.mark('mishen:review-open');
    prefetchDocument(id);
    Promise.all([call('documents.open', { id }), call('review.resumePoint', {})]).then(([v, { point: resume }]) => {
      performance.mark('mishen:review-view');
      setView(v);
      // Where the reviewer was before a crash or restart, else the first finding.
      const again = resume?.review === id ? v.findings.find((f) => f.id === resume.finding) : undefined;
      // A revised draft opens on the first finding it puts before the reviewer.
      const fresh = new Set(v.revision?.fresh ?? []);
      const first = again ?? v.findings.find((f) => fresh.has(f.id) && f.decision === null) ?? v.findings[0];
      setSelected(first?.id ?? null);
      setFocus(first ? first.start : null);
    }, (err: unknown) => {
      onError(err);
      onBack();
    });
    return () => forgetDocument(id);
  }, [id, onError, onBack]);
  // Every move is saved where a crash cannot lose it (the database, not the window).
  useEffect(() => {
    if (view) call('review.setResumePoint', { point: { review: id, finding: selected } }).catch(onError);
  }, [id, selected, view === null, onError]); // eslint-disable-line react-hooks/exhaustive-deps

  // Search in the document text.
  const [search, setSearch] = useState('');
  const [regex, setRegex] = useState(false);
  const [hit, setHit] = useState(-1);
  const found = useSearch(view?.text ?? '', search, regex);
  const hits: Hit[] = Array.isArray(found) ? found : [];
  const stepHit = (dir: 1 | -1) => {
    if (hits.length === 0) return;
    const next = (hit + dir + hits.length) % hits.length;
    setHit(next);
    setFocus(hits[next]!.start);
  };
  useEffect(() => setHit(-1), [search, regex]);

  const index = useMemo(
    () => new MarkIndex({ findings: view?.findings ?? [], manual: view?.manual ?? [], hits, selected, currentHit: hit, changes: view?.revision?.changes ?? [], deleted: view?.revision?.deleted ?? [] }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `hits` is derived from `found`
    [view, found, selected, hit],
  );
  // The document view follows the marks through this store, range by range (see mark-store.ts).
  const [marks] = useState(() => new MarkStore());
  useLayoutEffect(() => marks.set(index), [marks, index]);
  const ordered = useFindingOrder(view?.findings ?? NONE, query).ordered;

  /** Set when the focus is a place of a revision's change list, not a finding. */
  const toPlace = useRef(false);
  const goTo = useCallback((offset: number) => {
    toPlace.current = true;
    setFocus(offset);
  }, []);
  // Text views scroll the mark into view; PDF pages do it themselves once drawn.
  useEffect(() => {
    if (focus === null) return;
    const place = toPlace.current;
    toPlace.current = false;
    requestAnimationFrame(() => {
      const el = place
        ? document.querySelector(`.document-main [data-start="${focus}"]`)
        : (document.getElementById(hit >= 0 && hits[hit]?.start === focus ? 'hl-hit' : `hl-${selected}`) ?? document.getElementById(`lane-hl-${selected}`));
      el?.scrollIntoView({ block: 'center' });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs on a new focus only
  }, [focus]);

  // Stable across decisions, so that drawn ranges (memoised on their handlers) are not redrawn by a new view.
  const viewRef = useRef(view);
  viewRef.current = view;
  const select = useCallback((fid: string) => {
    setSelected(fid);
    const f = viewRef.current?.findings.find((g) => g.id === fid);
    if (f) setFocus(f.start);
  }, []);

  /** Sent with every rejection (a reason from the list or free text). */
  const [reason, setReason] = useState('');
  /** Apply a decision to every finding of the same value and type ("all occurrences"). */
  const [sameValue, setSameValue] = useState(false);
  const send = useCallback(
    (ids: string[], decision: DecisionValue, why: string | null) =>
      call('review.decide', { id, findingIds: ids, decision, ...(decision === 'rejected' && why ? { reason: why } : {}) }),
    [id],
  );
  const decide = useCallback(
    (ids: string[], decision: 'accepted' | 'rejected') => {
      const all = view?.findings ?? [];
      const chosen = new Set(ids);
      const keys = new Set(all.filter((f) => chosen.has(f.id)).map((f) => `${f.type}\u0000${f.text}`));
      const expanded = sameValue ? all.filter((f) => keys.has(`${f.type}\u0000${f.text}`)).map((f) => f.id) : ids;
      const why = decision === 'rejected' ? reason.trim() || null : null;
      const step = stepOf(all, expanded, decision, why);
      send(expanded, decision, why).then((v) => {
        setView(v);
        setUndo((u) => u.push(step));
      }, onError);
    },
    [onError, reason, sameValue, view, send],
  );
  const takeBack = useCallback(
    async (redo: boolean) => {
      const move = redo ? undo.redo() : undo.undo();
      if (!move) return;
      try {
        let v: ReviewView | null = null;
        if (redo) v = await send(move.step.ids, move.step.decision, move.step.reason);
        else for (const c of undoCalls(move.step)) v = await send(c.ids, c.decision, c.reason);
        if (v) setView(v);
        setUndo(move.stack);
        const first = move.step.ids[0];
        if (first) select(first);
      } catch (err) {
        onError(err);
      }
    },
    [undo, send, onError, select],
  );

  const [legend, setLegend] = useState(false);
  useEffect(() => {
    if (!view) return;
    const onKey = (e: KeyboardEvent) => {
      const key = e.key.toLowerCase();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && key === 'f') {
        searchBox.current?.focus();
        searchBox.current?.select();
      } else if (isTyping(e.target) || e.altKey) return;
      else if (mod && key === 'z') void takeBack(e.shiftKey);
      else if (mod && key === 'y') void takeBack(true);
      else if (mod) return;
      else if (key === 'j' || key === 'arrowdown' || key === 'k' || key === 'arrowup') {
        const at = ordered.findIndex((f) => f.id === selected);
        const down = key === 'j' || key === 'arrowdown';
        const next = ordered[down ? Math.min(ordered.length - 1, at + 1) : Math.max(0, at - 1)];
        if (next) select(next.id);
      } else if ((key === 'a' || key === 'r') && selected && view.document.status === 'in_review') {
        decide([selected], key === 'a' ? 'accepted' : 'rejected');
        const at = ordered.findIndex((f) => f.id === selected);
        const next = ordered[at + 1];
        if (next) select(next.id);
      } else if (key === 'u') void takeBack(e.shiftKey);
      else if (key === '/') searchBox.current?.focus();
      else if (key === 'n') stepHit(e.shiftKey ? -1 : 1);
      else if (key === '+' || key === '=') setZoom((z) => stepZoom(z, 1));
      else if (key === '-') setZoom((z) => stepZoom(z, -1));
      else if (key === '0') setZoom(1);
      else if (key === 'b' && kind === 'pdf') setBoxMode((b) => !b);
      else if (key === '?') setLegend((l) => !l);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const clearSpans = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSpans([]);
  }, []);

  if (!view) return null;
  const locked = view.document.status !== 'in_review';
  return (
    <div className="review">
      <div className="review-head">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            call('review.setResumePoint', { point: null }).then(onBack, onError);
          }}
        >
          ← {t('review.back')}
        </button>
        <h1 className="doc-title">{view.document.name}</h1>
        <span className={`status status-${view.document.status}`}>{t(`status.${view.document.status}`)}</span>
        {view.encoding && <span className="muted small">{t('review.encoding', { encoding: view.encoding.toUpperCase() })}</span>}
        {view.suppressed.length > 0 && <span className="muted small">{t('review.suppressed', { count: view.suppressed.length })}</span>}
        {can && view.document.status === 'in_review' && (
          <button
            type="button"
            className="link-button small"
            onClick={() =>
              call('review.rescan', { id }).then((r) => {
                setView(r.view);
                setRescan({ added: r.added, removed: r.removed.length, kept: r.kept });
                setUndo(new UndoStack()); // the findings changed: earlier steps may name findings that are gone
              }, onError)
            }
          >
            ↻ {t('review.rescan')}
          </button>
        )}
        {canImport && <RevisionImport of={id} onOpen={onOpen} onError={onError} />}
        <button type="button" className="link-button small legend-toggle" aria-expanded={legend} onClick={() => setLegend((l) => !l)}>
          ⌨ {t('keys.title')}
        </button>
      </div>
      {legend && <ShortcutLegend pdf={kind === 'pdf'} onClose={() => setLegend(false)} />}
      {rescan && (
        <div className="note-banner" role="status" data-testid="rescan-result">
          {t('review.rescanned', { added: rescan.added.length, removed: rescan.removed, kept: rescan.kept, lists: view.lists.join('、') || '—', ruleSet: view.ruleSet })}
        </div>
      )}
      {view.revisedBy && (
        <div className="note-banner" role="status" data-testid="revised-by">
          {t('review.revisedBy')}
          {view.revisedBy.map((r) => (
            <button key={r.id} type="button" className="link-button" onClick={() => onOpen(r.id)}>
              {t('review.revisedByItem', { id: r.id, name: r.name })}
            </button>
          ))}
        </div>
      )}
      {revision && <RevisionBanner revision={revision} text={view.text} undecided={view.document.undecidedCount} onGoTo={goTo} />}
      <ImportWarnings warnings={view.warnings} />
      {view.hiddenSummary && (
        <div className="hidden-banner" role="status" data-testid="hidden-summary">
          {t('review.hiddenContent', { summary: view.hiddenSummary })}
        </div>
      )}
      {view.findings.some((f) => f.blocksExport && f.decision !== 'rejected') && (
        <div className="marking-banner" role="alert">
          <span aria-hidden="true">★</span> {t('review.blocking')}
        </div>
      )}
      <div className="review-body">
        <section className="panel document" aria-label={t('review.document')}>
          <DocToolbar
            zoom={zoom}
            onZoom={setZoom}
            query={search}
            onQuery={setSearch}
            regex={regex}
            onRegex={setRegex}
            hits={hits.length}
            current={hit}
            searchError={Array.isArray(found) ? null : found.error}
            onStep={stepHit}
            searchRef={searchBox}
            {...(locked ? {} : { onRedactHits: () => setSpans(hits) })}
            {...(kind === 'pdf' ? { boxMode, onBoxMode: setBoxMode } : {})}
          />
          <ManualBar view={view} spans={spans} onChange={setView} onDone={clearSpans} onError={onError} />
          <MarkStoreContext.Provider value={marks}>
            <DocumentView view={view} zoom={zoom} focus={focus} boxMode={boxMode} onSelect={select} onSpans={setSpans} onError={onError} onKind={setKind} />
          </MarkStoreContext.Provider>
        </section>
        <FindingsPanel
          findings={view.findings}
          selected={selected}
          locked={locked}
          onSelect={select}
          onDecide={decide}
          reason={reason}
          onReasonChange={setReason}
          sameValue={sameValue}
          onSameValueChange={setSameValue}
          query={query}
          onQueryChange={setQuery}
          fresh={fresh}
          carried={carried}
        />
      </div>
      <DecisionPanel key={view.document.id} view={view} onChange={setView} onError={onError} />
    </div>
  );
}
