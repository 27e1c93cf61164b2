import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingView } from '../../../shared/ipc/views';

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
}

const STATE_ICON = { accepted: '■', rejected: '○', undecided: '?' } as const;

/** Reasons reviewers give most for keeping a value (不脱敏), in the terms of the Regulations. */
export const REJECT_REASONS = ['publicOfficial', 'alreadyPublic', 'consent', 'publicInterest', 'falsePositive'] as const;

export function FindingsPanel({ findings, selected, locked, onSelect, onDecide, reason, onReasonChange, sameValue, onSameValueChange }: Props) {
  const { t } = useTranslation();
  const done = findings.filter((f) => f.decision !== null).length;
  const open = findings.filter((f) => f.decision === null).map((f) => f.id);
  const presets: readonly string[] = REJECT_REASONS.map((r) => t(`rejectReasons.${r}`));
  // "Other" chosen but nothing typed yet, or a typed reason that is not a preset.
  const [otherChosen, setOtherChosen] = useState(false);
  const custom = otherChosen || (reason !== '' && !presets.includes(reason));
  return (
    <section className="panel findings" aria-label={t('review.findings')}>
      <div className="panel-head">
        <h2>
          {t('review.findings')} <span className="count">{findings.length}</span>
        </h2>
        <span className="muted" data-testid="progress">
          {t('review.progress', { done, total: findings.length })}
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
                  <option key={r} value={t(`rejectReasons.${r}`)}>
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
          <ol className="finding-list">
            {findings.map((f) => {
              const state = f.decision ?? 'undecided';
              return (
                <li
                  key={f.id}
                  id={`finding-${f.id}`}
                  className={`finding cat-${f.category} state-${state}${selected === f.id ? ' selected' : ''}`}
                  aria-current={selected === f.id}
                  onClick={() => onSelect(f.id)}
                >
                  <div className="finding-head">
                    <span className={`chip cat-${f.category}`}>{t(`category.${f.category}`)}</span>
                    <span className="finding-type">{t(`type.${f.type}`)}</span>
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
                  {selected === f.id && (
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
            })}
          </ol>
        </>
      )}
    </section>
  );
}
