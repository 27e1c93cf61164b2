import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { RetentionDue, RetentionStatus } from '../../../shared/ipc/views';
import { ApiError, call } from '../api';
import { formatDateTime } from '../i18n';

const MAX_DAYS = 3650;

function formatBytes(bytes: number, lang: string): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

/** 数据管理 (administrators): how long stored originals are kept, deleting what is due, and backing up the data folder. */
export function DataView({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<RetentionStatus | null>(null);
  const [keep, setKeep] = useState<'forever' | 'days'>('forever');
  const [days, setDays] = useState('30');
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [applied, setApplied] = useState<RetentionDue | null>(null);
  const [backup, setBackup] = useState<'idle' | 'running' | ResponseOf<'data.backup'>>('idle');

  const show = useCallback((s: RetentionStatus) => {
    setStatus(s);
    setKeep(s.days === null ? 'forever' : 'days');
    if (s.days !== null) setDays(String(s.days));
  }, []);
  useEffect(() => {
    call('data.retention.get', {}).then(show, onError);
  }, [show, onError]);

  const save = () => {
    const n = Number(days);
    if (keep === 'days' && !(Number.isInteger(n) && n >= 1 && n <= MAX_DAYS)) return setInvalid(true);
    setInvalid(false);
    setApplied(null);
    call('data.retention.set', { days: keep === 'days' ? n : null }).then((s) => {
      show(s);
      setSaved(true);
    }, onError);
  };
  const apply = () => {
    setConfirming(false);
    setSaved(false);
    call('data.retention.apply', {}).then(({ run, status: s }) => {
      setApplied(run);
      show(s);
    }, onError);
  };
  const runBackup = () => {
    setBackup('running');
    call('data.backup', {}).then(setBackup, (err: unknown) => {
      setBackup('idle');
      // Closing the folder dialog is no error.
      if (!(err instanceof ApiError && err.data.code === 'cancelled')) onError(err);
    });
  };

  const lang = i18n.language;
  const due = status?.due ?? null;
  const what = (d: RetentionDue) => t('data.what', { documents: d.documents, reviews: d.reviews, files: d.files, size: formatBytes(d.bytes, lang) });
  return (
    <div className="data-view">
      <h1>{t('data.title')}</h1>
      <section className="panel data-section" aria-labelledby="retention-title" data-testid="retention">
        <h2 id="retention-title">{t('data.retentionTitle')}</h2>
        <p className="muted">{t('data.retentionIntro')}</p>
        <fieldset className="retention-choice">
          <legend>{t('data.keep')}</legend>
          <label className="retention-option">
            <input type="radio" name="keep" checked={keep === 'forever'} onChange={() => (setKeep('forever'), setSaved(false))} />
            {t('data.forever')}
          </label>
          <label className="retention-option">
            <input type="radio" name="keep" checked={keep === 'days'} onChange={() => (setKeep('days'), setSaved(false))} />
            {t('data.afterExport')}
          </label>
          <label className="retention-days">
            <input
              type="number"
              min={1}
              max={MAX_DAYS}
              step={1}
              aria-label={t('data.daysLabel')}
              value={days}
              disabled={keep !== 'days'}
              aria-invalid={invalid}
              aria-describedby={invalid ? 'retention-invalid' : undefined}
              onChange={(e) => (setDays(e.target.value), setSaved(false))}
            />
            {t('data.days')}
          </label>
          <button type="button" className="primary" onClick={save}>
            {t('data.save')}
          </button>
        </fieldset>
        {invalid && (
          <p className="warn-text" id="retention-invalid" role="alert">
            {t('data.invalid')}
          </p>
        )}
        {status && (
          <div className="retention-status" role="status" data-testid="retention-status">
            <p>
              {saved && <strong>{t('data.saved')} </strong>}
              {status.days === null ? t('data.currentForever') : t('data.currentDays', { days: status.days })}
            </p>
            {applied && <p className="ok-text" data-testid="retention-applied">{t('data.applied', { what: what(applied) })}</p>}
            {due && <p data-testid="retention-due">{due.documents === 0 ? t('data.noneDue') : t('data.due', { what: what(due), cutoff: formatDateTime(due.cutoff, lang) })}</p>}
            {status.purged.lastAt && <p className="muted small">{t('data.purgedSoFar', { documents: status.purged.documents, at: formatDateTime(status.purged.lastAt, lang) })}</p>}
          </div>
        )}
        {due && due.documents > 0 && !confirming && (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('data.apply')}
          </button>
        )}
        {due && confirming && (
          <div className="confirm-row" role="group" aria-label={t('data.apply')}>
            <span className="warn-text">{t('data.confirm', { documents: due.documents })}</span>
            <button type="button" className="primary danger" onClick={apply}>
              {t('data.confirmYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('data.confirmNo')}
            </button>
          </div>
        )}
      </section>
      <section className="panel data-section" aria-labelledby="backup-title" data-testid="backup">
        <h2 id="backup-title">{t('data.backupTitle')}</h2>
        <p className="muted">{t('data.backupIntro')}</p>
        <button type="button" className="primary" disabled={backup === 'running'} onClick={runBackup}>
          {t('data.backup')}
        </button>
        <div role="status" data-testid="backup-status">
          {backup === 'running' && <p>{t('data.backingUp')}</p>}
          {typeof backup === 'object' && (
            <dl className="backup-result">
              <dt>{t('data.backupPath')}</dt>
              <dd className="mono">{backup.path}</dd>
              <dt>{t('data.backupFiles')}</dt>
              <dd>{t('data.backupFilesValue', { files: backup.files, size: formatBytes(backup.bytes, lang) })}</dd>
              <dt>{t('data.backupLog')}</dt>
              <dd>{t('data.backupLogValue', { entries: backup.logEntries })}</dd>
            </dl>
          )}
        </div>
        <p className="muted small">{t('data.restore')}</p>
      </section>
    </div>
  );
}
