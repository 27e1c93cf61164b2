import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BATCH_FILE_STATUSES, BATCH_NEEDS } from '../../../shared/batch/result';
import { CATEGORIES } from '../../../shared/rules/finding';
import type { BatchSummary } from '../../../shared/ipc/views';
import { ApiError, call } from '../api';
import { PasswordPrompt } from '../components/PasswordPrompt';
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
        <Choice
          label={t('batch.filterStatus')}
          value={filter.status ?? ''}
          options={[['', t('batch.allStatuses')], ...BATCH_FILE_STATUSES.map((st) => [st, t(`batch.fileStatus.${st}`)] as const)]}
          onChange={(v) => setFilter({ ...filter, status: (v || undefined) as RowFilter['status'] })}
        />
        <Choice
          label={t('batch.filterNeed')}
          value={filter.need ?? ''}
          options={[['', t('batch.allFiles')], ['any', t('batch.anyNeed')], ...BATCH_NEEDS.map((n) => [n, t(`batch.need.${n}`)] as const)]}
          onChange={(v) => setFilter({ ...filter, need: (v || undefined) as RowFilter['need'] })}
          testId="batch-need"
        />
      </div>
      {locked && <PasswordPrompt name={locked.path} wrong={locked.wrong} busy={opening !== null} onSubmit={(password) => open(locked.path, password)} />}
      <BatchTable run={run} filter={filter} all={s.files} opening={opening} onOpen={(path) => open(path)} onError={onError} />
    </section>
  );
}

/** A labelled drop-down of [value, text] options. */
function Choice({ label, value, options, onChange, testId }: { label: string; value: string; options: readonly (readonly [string, string])[]; onChange(v: string): void; testId?: string }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
