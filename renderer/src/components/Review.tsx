import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../shared/ipc/views';
import { call } from '../api';
import { DecisionPanel } from './DecisionPanel';
import { DocumentText } from './DocumentText';
import { FindingsPanel } from './FindingsPanel';
import { ImportWarnings } from './ImportWarnings';
import { ManualBar } from './ManualBar';

interface Props {
  id: number;
  onBack(): void;
  onError(err: unknown): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
}

export function Review({ id, onBack, onError }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<ReviewView | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  /** Text selected with the mouse, for a manual redaction. */
  const [textSelection, setTextSelection] = useState<{ start: number; end: number } | null>(null);
  const clearSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setTextSelection(null);
  }, []);

  useEffect(() => {
    call('documents.open', { id }).then((v) => {
      setView(v);
      setSelected(v.findings[0]?.id ?? null);
    }, onError);
  }, [id, onError]);

  /** Sent with every rejection (a reason from the list or free text). */
  const [reason, setReason] = useState('');
  /** Apply a decision to every finding of the same value and type ("all occurrences"). */
  const [sameValue, setSameValue] = useState(false);
  const decide = useCallback(
    (ids: string[], decision: 'accepted' | 'rejected') => {
      const all = view?.findings ?? [];
      const chosen = new Set(ids);
      const expanded = sameValue
        ? all.filter((f) => chosen.has(f.id) || all.some((g) => chosen.has(g.id) && g.text === f.text && g.type === f.type)).map((f) => f.id)
        : ids;
      const why = reason.trim();
      call('review.decide', { id, findingIds: expanded, decision, ...(decision === 'rejected' && why ? { reason: why } : {}) }).then(setView, onError);
    },
    [id, onError, reason, sameValue, view],
  );

  const select = useCallback((fid: string) => {
    setSelected(fid);
    document.getElementById(`hl-${fid}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    document.getElementById(`finding-${fid}`)?.scrollIntoView({ block: 'nearest' });
  }, []);

  useEffect(() => {
    if (!view) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const list = view.findings;
      const index = list.findIndex((f) => f.id === selected);
      const key = e.key.toLowerCase();
      const locked = view.document.status !== 'in_review';
      if (key === 'j' || key === 'arrowdown') {
        const next = list[Math.min(list.length - 1, index + 1)];
        if (next) select(next.id);
      } else if (key === 'k' || key === 'arrowup') {
        const prev = list[Math.max(0, index - 1)];
        if (prev) select(prev.id);
      } else if ((key === 'a' || key === 'r') && selected && !locked) {
        decide([selected], key === 'a' ? 'accepted' : 'rejected');
        const next = list[index + 1];
        if (next) select(next.id);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, selected, decide, select]);

  if (!view) return null;
  const locked = view.document.status !== 'in_review';
  return (
    <div className="review">
      <div className="review-head">
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('review.back')}
        </button>
        <h1 className="doc-title">{view.document.name}</h1>
        <span className={`status status-${view.document.status}`}>{t(`status.${view.document.status}`)}</span>
        {view.encoding && <span className="muted small">{t('review.encoding', { encoding: view.encoding.toUpperCase() })}</span>}
        {view.suppressed.length > 0 && <span className="muted small">{t('review.suppressed', { count: view.suppressed.length })}</span>}
      </div>
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
          <ManualBar view={view} selection={textSelection} onChange={setView} onDone={clearSelection} onError={onError} />
          <DocumentText text={view.text} findings={view.findings} manual={view.manual} selected={selected} onSelect={select} onSelectText={setTextSelection} />
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
        />
      </div>
      <DecisionPanel key={view.document.id} view={view} onChange={setView} onError={onError} />
    </div>
  );
}
