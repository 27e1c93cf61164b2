import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRunInfo } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { BatchRun } from './BatchRun';

interface Props {
  onOpenReview(id: number): void;
  onError(err: unknown): void;
}

/** 批量检查: choose a folder, follow the check, read its report; earlier checks can be opened, continued or run again. */
export function BatchView({ onOpenReview, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [runs, setRuns] = useState<BatchRunInfo[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  /** Bumped on every start, so that a continued run (same id) is followed again. */
  const [epoch, setEpoch] = useState(0);
  /** Worker threads for the next start; null: as many as the workstation has cores (at most 8). */
  const [jobs, setJobs] = useState<number | null>(null);
  const cores = Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1));
  const reload = useCallback(() => call('batch.runs', {}).then(setRuns, onError), [onError]);
  useEffect(() => void reload(), [reload]);

  const start = (dir?: string) => {
    setStarting(true);
    call('batch.start', { ...(dir === undefined ? {} : { dir }), ...(jobs === null ? {} : { jobs }) })
      .then((r) => {
        if (!r.cancelled) {
          setSelected(r.run);
          setEpoch((e) => e + 1);
        }
        return reload();
      }, onError)
      .finally(() => setStarting(false));
  };

  if (selected !== null) {
    return (
      <div className="batch">
        <button type="button" className="link-button" onClick={() => (setSelected(null), void reload())}>
          ← {t('batch.back')}
        </button>
        <BatchRun key={`${selected}:${epoch}`} run={selected} onResume={(dir) => start(dir)} onOpenReview={onOpenReview} onError={onError} />
      </div>
    );
  }
  return (
    <div className="batch">
      <section className="panel batch-start">
        <h1>{t('batch.title')}</h1>
        <p className="muted">{t('batch.intro')}</p>
        <div className="form-row">
          <button type="button" className="primary" disabled={starting} onClick={() => start()} data-testid="batch-choose">
            {t('batch.choose')}
          </button>
          <label className="field inline">
            <span>{t('batch.jobs')}</span>
            <select value={jobs ?? ''} onChange={(e) => setJobs(e.target.value === '' ? null : Number(e.target.value))} data-testid="batch-jobs">
              <option value="">{t('batch.jobsAuto', { count: cores })}</option>
              {Array.from({ length: 8 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">{t('batch.jobsHint')}</p>
      </section>
      <section className="recent">
        <h2>{t('batch.recent')}</h2>
        {runs !== null && runs.length === 0 && <p className="muted">{t('batch.noRuns')}</p>}
        {runs !== null && runs.length > 0 && (
          <table className="table" data-testid="batch-runs">
            <thead>
              <tr>
                <th>{t('batch.runColumns.id')}</th>
                <th>{t('batch.runColumns.dir')}</th>
                <th>{t('batch.runColumns.status')}</th>
                <th>{t('batch.runColumns.started')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>#{r.id}</td>
                  <td className="mono">{r.dir}</td>
                  <td>{t(`batch.runStatus.${r.status}`)}</td>
                  <td>{formatDateTime(r.createdAt, i18n.language)}</td>
                  <td>
                    <div className="batch-run-actions">
                      <button type="button" onClick={() => setSelected(r.id)}>
                        {t('batch.view')}
                      </button>
                      {r.status !== 'running' && (
                        <button type="button" disabled={starting} onClick={() => start(r.dir)}>
                          {t(r.status === 'interrupted' ? 'batch.resume' : 'batch.recheck')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
