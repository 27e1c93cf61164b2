import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../shared/ipc/views';
import { BASIS } from '../../../shared/rules/basis';
import { call } from '../api';

/** Bases a reviewer may cite for a span the engine did not find. */
const MANUAL_BASES = ['personalPrivacy', 'personalSensitive', 'tradeSecret', 'internalProcess', 'workSecret', 'securityStability', 'stateSecret'] as const;

interface Props {
  view: ReviewView;
  /** The text chosen for redaction: one span for a selection, several for a box on a PDF page or all search hits. */
  spans: readonly { start: number; end: number }[];
  onChange(view: ReviewView): void;
  onDone(): void;
  onError(err: unknown): void;
}

/**
 * Manual redaction: the span selected in the text, with a reason and a
 * legal basis, becomes part of the plan; the ones already added are listed
 * and can be withdrawn until the review is submitted.
 */
export function ManualBar({ view, spans, onChange, onDone, onError }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState<(typeof MANUAL_BASES)[number]>('personalPrivacy');
  // One call at a time: a second click or Enter while main is busy must not store (and log) the redaction twice.
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const locked = view.document.status !== 'in_review';
  const id = view.document.id;
  if (locked && view.manual.length === 0) return null;
  const add = () => {
    if (spans.length === 0 || sending.current) return;
    sending.current = true;
    setBusy(true);
    call('review.addManual', { id, spans: spans.map(({ start, end }) => ({ start, end })), reason: reason.trim(), basis: BASIS[basis] })
      .then((v) => {
        onChange(v);
        setReason('');
        onDone();
      }, onError)
      .finally(() => {
        sending.current = false;
        setBusy(false);
      });
  };
  const excerpt = spans.map((s) => view.text.slice(s.start, s.end)).join('…');
  const chars = spans.reduce((n, s) => n + s.end - s.start, 0);
  return (
    <div className="manual-bar" data-testid="manual-bar">
      {spans.length > 0 && !locked ? (
        <form
          className="manual-form"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <span className="muted">{spans.length > 1 ? t('manual.selectedMany', { count: chars, places: spans.length }) : t('manual.selected', { count: chars })}</span>
          <span className="mono manual-excerpt">{excerpt.length > 24 ? `${excerpt.slice(0, 24)}…` : excerpt}</span>
          <input type="text" value={reason} aria-label={t('manual.reason')} placeholder={t('manual.reason')} onChange={(e) => setReason(e.target.value)} />
          <select value={basis} aria-label={t('manual.basis')} onChange={(e) => setBasis(e.target.value as (typeof MANUAL_BASES)[number])}>
            {MANUAL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`manual.bases.${b}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" disabled={busy || reason.trim().length < 2}>
            {t('manual.add')}
          </button>
        </form>
      ) : (
        !locked && <span className="muted small">{t('manual.hint')}</span>
      )}
      {view.manual.length > 0 && (
        <ul className="manual-list" aria-label={t('manual.list')}>
          {view.manual.map((m) => (
            <li key={m.id}>
              <span className="mono">{m.text.length > 16 ? `${m.text.slice(0, 16)}…` : m.text}</span>
              <span className="muted small">
                {m.location} · {m.reason}
              </span>
              {!locked && (
                <button type="button" className="link-button" aria-label={t('manual.remove')} onClick={() => call('review.removeManual', { id, manualId: m.id }).then(onChange, onError)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
