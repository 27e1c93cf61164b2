import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BATCH_FILE_STATUSES, BATCH_NEEDS } from '../../../shared/batch/result';
import { CATEGORIES } from '../../../shared/rules/finding';
import type { BatchSummary } from '../../../shared/ipc/views';
import { ApiError, call } from '../api';
import { BatchTable } from './BatchTable';
import type { RowFilter } from './usePagedRows';

interface Props {
  run: number;
  onOpenReview(id: number): void;
  onError(err: unknown): void;
}

/** A check's report: the summary, filters, the files (virtualised), and the report saved as HTML or CSV. */
export function BatchReport({ run, onOpenReview, onError }: Props) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<BatchSummary | null>(null);
  const [filter, setFilter] = useState<RowFilter>({});
  const [saved, setSaved] = useState<string | null>(null);
  /** A file whose import asks for a PDF password, and whether the last one was wrong. */
  const [locked, setLocked] = useState<{ path: string; wrong: boolean } | null>(null);
  const [password, setPassword] = useState('');
  const [opening, setOpening] = useState<string | null>(null);
  useEffect(() => {
    call('batch.report', { run, offset: 0, limit: 1, summary: true }).then((r) => setSummary(r.summary), onError);
  }, [run, onError]);

  const open = (path: string, pw?: string) => {
    setOpening(path);
    call('batch.openFile', { run, path, ...(pw ? { password: pw } : {}) })
      .then(
        (view) => onOpenReview(view.document.id),
        (err: unknown) => {
          if (err instanceof ApiError && err.data.code === 'password_required') setLocked({ path, wrong: pw !== undefined });
          else onError(err);
        },
      )
      .finally(() => setOpening(null));
  };
  const save = (format: 'html' | 'csv') => call('batch.saveReport', { run, format }).then((r) => setSaved(r.cancelled ? null : r.path), onError);

  if (!summary) return null;
  const s = summary;
  return (
    <section className="batch-report" data-testid="batch-report">
      <div className="panel batch-summary">
        <h2 className="mono">
          #{s.run.id} {s.run.dir}
        </h2>
        <p data-testid="batch-summary">
          {t('batch.summary', { files: s.files, done: s.byStatus.done, error: s.byStatus.error, skipped: s.byStatus.skipped, pending: s.byStatus.pending })}
          <br />
          {t('batch.findings', { count: s.findings, files: s.filesWithFindings, pages: s.pages })}
          {s.ignored > 0 && (
            <>
              <br />
              <span className="muted small">{t('batch.ignored', { count: s.ignored })}</span>
            </>
          )}
        </p>
        <div className="batch-chips">
          {CATEGORIES.filter((c) => (s.byCategory[c] ?? 0) > 0).map((c) => (
            <span key={c} className={`chip cat-${c}`}>
              {t(`category.${c}`)} {s.byCategory[c]}
            </span>
          ))}
          {BATCH_NEEDS.filter((n) => s.byNeed[n] > 0).map((n) => (
            <span key={n} className="chip need">
              {t(`batch.need.${n}`)} {s.byNeed[n]}
            </span>
          ))}
        </div>
        <div className="panel-actions">
          <button type="button" onClick={() => void save('html')}>
            {t('batch.saveHtml')}
          </button>
          <button type="button" onClick={() => void save('csv')}>
            {t('batch.saveCsv')}
          </button>
          {saved && (
            <span className="muted small mono" role="status">
              {t('batch.saved', { path: saved })}
            </span>
          )}
        </div>
      </div>
      <div className="panel-actions batch-filters">
        <label>
          {t('batch.filterStatus')}{' '}
          <select value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: (e.target.value || undefined) as RowFilter['status'] })}>
            <option value="">{t('batch.allStatuses')}</option>
            {BATCH_FILE_STATUSES.map((st) => (
              <option key={st} value={st}>
                {t(`batch.fileStatus.${st}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('batch.filterNeed')}{' '}
          <select value={filter.need ?? ''} onChange={(e) => setFilter({ ...filter, need: (e.target.value || undefined) as RowFilter['need'] })} data-testid="batch-need">
            <option value="">{t('batch.allFiles')}</option>
            <option value="any">{t('batch.anyNeed')}</option>
            {BATCH_NEEDS.map((n) => (
              <option key={n} value={n}>
                {t(`batch.need.${n}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {locked && (
        <form
          className="password-row"
          onSubmit={(e) => {
            e.preventDefault();
            open(locked.path, password);
            setPassword('');
          }}
        >
          <span className={locked.wrong ? 'warn-text' : 'muted'}>{locked.wrong ? t('home.passwordWrong') : t('home.passwordNeeded', { name: locked.path })}</span>
          <input type="password" autoFocus value={password} aria-label={t('home.password')} placeholder={t('home.password')} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="primary" disabled={opening !== null || password.length === 0}>
            {t('home.openWithPassword')}
          </button>
        </form>
      )}
      <BatchTable run={run} filter={filter} all={s.files} opening={opening} onOpen={(path) => open(path)} onError={onError} />
    </section>
  );
}
