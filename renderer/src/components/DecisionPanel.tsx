import { useCallback, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportResult, ReviewView } from '../../../shared/ipc/views';
import { DISCLOSURE_ATTRIBUTES, type DisclosureAttribute } from '../../../shared/review/decisions';
import { call } from '../api';
import type { StyleChoice } from '../../../shared/review/styles';
import { ExportPreview } from './ExportPreview';
import { ApprovalPanel } from './ApprovalPanel';
import { SessionContext, useCan } from '../session';

interface Props {
  view: ReviewView;
  onChange(view: ReviewView): void;
  onError(err: unknown): void;
}

export function DecisionPanel({ view, onChange, onError }: Props) {
  const { t } = useTranslation();
  const doc = view.document;
  const [attribute, setAttribute] = useState<DisclosureAttribute>(doc.attribute ?? (view.findings.length > 0 ? 'partial' : 'public'));
  const [opinion, setOpinion] = useState(view.opinion ?? '');
  const [exported, setExported] = useState<Extract<ExportResult, { cancelled: false }> | null>(null);
  const [busy, setBusy] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const submitted = doc.status !== 'in_review';
  const canApprove = useCan('review.approve');
  const session = useContext(SessionContext);
  const canExport = useCan('document.export');
  const canSubmit = useCan('review.submit');
  const undecided = doc.undecidedCount;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  const submit = () => run(async () => onChange(await call('review.submit', { id: doc.id, attribute, opinion })));
  const [previewing, setPreviewing] = useState(false);
  const exportCopy = (style: StyleChoice, { asPdf, utf8 }: { asPdf: boolean; utf8: boolean }) =>
    run(async () => {
      const result = await call('review.export', { id: doc.id, style, ...(asPdf ? { asPdf } : {}), ...(utf8 ? { utf8 } : {}) });
      if (!result.cancelled) {
        setPreviewing(false);
        setExported(result);
        onChange(await call('documents.open', { id: doc.id }));
      }
    });
  const closePreview = useCallback(() => setPreviewing(false), []);
  const accepted = [...new Set(view.findings.filter((f) => f.decision === 'accepted').map((f) => f.category))];

  const markings = view.findings.filter((f) => f.blocksExport && f.decision !== 'rejected');
  const markingBlocks = markings.length > 0 && view.markingOverride === null;
  const needsApproval = session?.mode === 'accounts' && doc.status !== 'approved' && doc.status !== 'exported';
  const blocked =
    undecided > 0
      ? t('decision.exportBlocked', { count: undecided })
      : attribute === 'withheld'
        ? t('decision.withheld')
        : markingBlocks
          ? t('decision.markingBlocks', { count: markings.length })
          : needsApproval
            ? t('decision.needsApproval')
            : null;
  const recordOverride = () =>
    run(async () => {
      onChange(await call('review.override', { id: doc.id, reason: overrideReason }));
      setOverrideReason('');
    });

  return (
    <section className="panel decision-bar" aria-label={t('decision.title')}>
      <fieldset className="decision-attribute" disabled={submitted || busy}>
        <legend>{t('decision.attribute')}</legend>
        <div className="radio-row">
          {DISCLOSURE_ATTRIBUTES.map((a) => (
            <label key={a} className={attribute === a ? 'radio checked' : 'radio'}>
              <input type="radio" name="attribute" value={a} checked={attribute === a} onChange={() => setAttribute(a)} />
              {t(`attribute.${a}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field decision-opinion">
        <span>{t('decision.opinion')}</span>
        <textarea rows={2} value={opinion} disabled={submitted || busy} placeholder={t('decision.opinionPlaceholder')} onChange={(e) => setOpinion(e.target.value)} />
      </label>
      <div className="decision-side">
        <div className="decision-actions">
          {submitted ? (
            <span className="ok-text">✓ {t('decision.submitted')}</span>
          ) : (
            canSubmit && (
              <button type="button" className="primary" disabled={busy || undecided > 0} onClick={submit}>
                {t('decision.submit')}
              </button>
            )
          )}
          {canExport && (
            <button type="button" className="primary export" disabled={busy || blocked !== null} onClick={() => setPreviewing(true)}>
              {t('decision.export')}
            </button>
          )}
        </div>
        {canApprove && <ApprovalPanel view={view} onChange={onChange} onError={onError} />}
        {blocked && <p className="warn-text" role="status">{blocked}</p>}
        {markingBlocks && undecided === 0 && (
          <div className="override-row">
            <input
              type="text"
              value={overrideReason}
              aria-label={t('decision.overrideReason')}
              placeholder={t('decision.overrideReason')}
              onChange={(e) => setOverrideReason(e.target.value)}
            />
            <button type="button" disabled={busy || overrideReason.trim().length < 4} onClick={recordOverride}>
              {t('decision.override')}
            </button>
          </div>
        )}
        {view.markingOverride && <p className="muted small">{t('decision.overridden', { reason: view.markingOverride })}</p>}
        {previewing && <ExportPreview id={doc.id} format={doc.format} categories={accepted} onConfirm={exportCopy} onCancel={closePreview} onError={onError} />}
        {exported && (
          <div className="export-result" role="status" data-testid="export-result">
            <div className="ok-text">✓ {t('decision.exported', { path: exported.path })}</div>
            <div className="muted small">
              {t('decision.leakChecked', { count: exported.checks.length })} · SHA-256 <span className="mono">{exported.sha256.slice(0, 16)}…</span>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
