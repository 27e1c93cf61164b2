import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProgress, ExportPreview as Preview } from '../../../shared/ipc/views';
import { REDACTION_STYLES, type RedactionStyle, type StyleChoice } from '../../../shared/review/styles';
import { CATEGORIES, type Category } from '../../../shared/rules/finding';
import { ApiError, call } from '../api';
import { useEscape } from '../useEscape';

interface Props {
  id: number;
  /** The document's format: a DOCX may also be published as PDF. */
  format: string;
  /** Categories that have accepted findings: the ones a style can be chosen for. */
  categories: readonly Category[];
  onConfirm(style: StyleChoice, output: { asPdf: boolean; utf8: boolean }): void;
  onCancel(): void;
  onError(err: unknown): void;
}

type Tab = 'side' | 'diff' | 'reasons';

function formatSize(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * What the clerk sees before release: the copy as built and leak-checked in
 * the main process, its text read back beside the original, their
 * character differences, and the statement of reasons. Changing the style
 * rebuilds the copy; confirming writes exactly the bytes shown.
 */
export function ExportPreview({ id, format, categories, onConfirm, onCancel, onError }: Props) {
  const { t } = useTranslation();
  const [style, setStyle] = useState<StyleChoice>({ style: 'block' });
  const [asPdf, setAsPdf] = useState(false);
  const [utf8, setUtf8] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [tab, setTab] = useState<Tab>('side');

  // Building the copy of a long PDF takes a while: its pages are counted, and it can be stopped.
  const [job, setJob] = useState<{ id: string; progress: ImportProgress | null } | null>(null);
  const cancelled = useRef(onCancel);
  cancelled.current = onCancel;
  useEffect(() => {
    let live = true;
    const jobId = crypto.randomUUID();
    setPreview(null);
    setJob({ id: jobId, progress: null });
    const poll = window.setInterval(() => {
      call('jobs.progress', { jobId }).then(({ progress }) => live && progress && setJob({ id: jobId, progress }), () => {});
    }, 300);
    call('review.preview', { id, style, jobId, ...(asPdf ? { asPdf } : {}), ...(utf8 ? { utf8 } : {}) })
      .then(
        (p) => live && setPreview(p),
        (err: unknown) => {
          if (!live) return;
          if (err instanceof ApiError && err.data.code === 'cancelled') cancelled.current();
          else onError(err);
        },
      )
      .finally(() => {
        window.clearInterval(poll);
        if (live) setJob(null);
      });
    return () => {
      live = false;
      window.clearInterval(poll);
      void call('jobs.cancel', { jobId }).catch(() => {}); // a new style or a closed dialog: the old copy is not needed
    };
  }, [id, style, asPdf, utf8, onError]);
  const stop = () => {
    if (job) void call('jobs.cancel', { jobId: job.id }).catch(() => {});
    onCancel();
  };

  useEscape(stop);

  const setFor = (category: Category, value: RedactionStyle | '') => {
    const byCategory = { ...style.byCategory };
    if (value === '') delete byCategory[category];
    else byCategory[category] = value;
    setStyle({ ...style, byCategory });
  };

  return (
    <div className="preview-backdrop">
      <section className="panel preview" role="dialog" aria-modal="true" aria-label={t('preview.title')} data-testid="export-preview">
        <header className="preview-head">
          <h2>{t('preview.title')}</h2>
          {(format === 'txt' || format === 'html') && (
            <label className="field inline">
              <span>{t('preview.encoding')}</span>
              <select value={utf8 ? 'utf8' : 'source'} onChange={(e) => setUtf8(e.target.value === 'utf8')}>
                <option value="source">{t('preview.sourceEncoding')}</option>
                <option value="utf8">UTF-8</option>
              </select>
            </label>
          )}
          {format === 'docx' && (
            <label className="field inline">
              <span>{t('preview.outputFormat')}</span>
              <select value={asPdf ? 'pdf' : 'docx'} onChange={(e) => setAsPdf(e.target.value === 'pdf')}>
                <option value="docx">DOCX</option>
                <option value="pdf">PDF</option>
              </select>
            </label>
          )}
          <label className="field inline">
            <span>{t('preview.styleAll')}</span>
            <select value={style.style} onChange={(e) => setStyle({ ...style, style: e.target.value as RedactionStyle })}>
              {REDACTION_STYLES.map((s) => (
                <option key={s} value={s}>
                  {t(`preview.styles.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {CATEGORIES.filter((c) => categories.includes(c)).map((c) => (
            <label key={c} className="field inline">
              <span>{t('preview.styleFor', { category: t(`category.${c}`) })}</span>
              <select value={style.byCategory?.[c] ?? ''} onChange={(e) => setFor(c, e.target.value as RedactionStyle | '')}>
                <option value="">{t('preview.styleDefault')}</option>
                {REDACTION_STYLES.map((s) => (
                  <option key={s} value={s}>
                    {t(`preview.styles.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </header>
        <nav className="tabs" role="tablist">
          {(['side', 'diff', 'reasons'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k)}>
              {t(`preview.tabs.${k}`)}
            </button>
          ))}
        </nav>
        <div className="preview-body">
          {!preview ? (
            <div className="preview-loading">
              <p className="muted" role="status" aria-live="polite">
                {t('preview.loading')}{' '}
                {job?.progress && job.progress.total > 0 && (
                  <span data-testid="preview-progress">{t(job.progress.stage === 'verify' ? 'preview.verifying' : 'preview.drawing', { done: job.progress.done, total: job.progress.total })}</span>
                )}
              </p>
              <progress aria-label={t('preview.loading')} {...(job?.progress && job.progress.total > 0 ? { value: job.progress.done, max: job.progress.total } : {})} />
              <button type="button" onClick={stop}>
                {t('preview.stop')}
              </button>
            </div>
          ) : tab === 'side' ? (
            <div className="side-by-side">
              <div>
                <h3>{t('preview.original')}</h3>
                <pre className="doc-pane" data-testid="preview-original">{preview.original}</pre>
              </div>
              <div>
                <h3>{t('preview.redacted')}</h3>
                <pre className="doc-pane" data-testid="preview-redacted">{preview.redacted}</pre>
              </div>
            </div>
          ) : tab === 'diff' ? (
            <div data-testid="preview-diff">
              <p className="muted">
                {preview.changes.length === 0
                  ? t('preview.noChanges')
                  : preview.complete
                    ? t('preview.changes', { count: preview.changes.length })
                    : t('preview.changesCut', { count: preview.changes.length })}
              </p>
              <ol className="changes">
                {preview.changes.map((c, i) => (
                  <li key={i}>
                    <span className="muted">{c.before}</span>
                    {c.removed && <del>{c.removed}</del>}
                    {c.added && <ins>{c.added}</ins>}
                    <span className="muted">{c.after}</span>
                  </li>
                ))}
              </ol>
            </div>
          ) : (
            <div className="reasons" data-testid="preview-reasons">
              <table className="table">
                <thead>
                  <tr>
                    {(['n', 'place', 'category', 'type', 'replacement', 'basis', 'reason'] as const).map((k) => (
                      <th key={k}>{t(`preview.columns.${k}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.redactions.map((r) => (
                    <tr key={r.n}>
                      <td className="num">{r.n}</td>
                      <td>{r.place}</td>
                      <td>{r.category}</td>
                      <td>{r.type}</td>
                      <td className="mono">{r.replacement}</td>
                      <td>{r.basis}</td>
                      <td>{r.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" onClick={() => window.print()}>
                {t('preview.print')}
              </button>
            </div>
          )}
        </div>
        <footer className="preview-foot">
          {preview && (
            <div className="muted small" role="status">
              <div className="ok-text">✓ {t('preview.checks', { checks: preview.checks.join('、') })}</div>
              {t('preview.size', { size: formatSize(preview.size), sha: `${preview.sha256.slice(0, 16)}…` })}
            </div>
          )}
          <div className="preview-actions">
            <button type="button" onClick={onCancel}>
              {t('preview.cancel')}
            </button>
            <button type="button" className="primary" disabled={!preview} onClick={() => onConfirm(style, { asPdf, utf8 })}>
              {t('preview.confirm')}
            </button>
          </div>
        </footer>
      </section>
    </div>
  );
}
