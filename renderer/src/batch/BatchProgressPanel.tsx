import { useTranslation } from 'react-i18next';
import type { BatchProgress } from '../../../shared/ipc/views';

interface Props {
  progress: BatchProgress;
  stopping: boolean;
  onStop(): void;
}

function duration(ms: number, lang: string): string {
  const s = Math.max(1, Math.round(ms / 1000));
  const unit = (value: number, u: 'hour' | 'minute' | 'second') => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  if (s >= 3600) return `${unit(Math.floor(s / 3600), 'hour')} ${unit(Math.floor((s % 3600) / 60), 'minute')}`;
  if (s >= 60) return `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  return unit(s, 'second');
}

/** A running check: bar, counts, speed, time left, the files being read, and a stop button (finished files are kept). */
export function BatchProgressPanel({ progress: p, stopping, onStop }: Props) {
  const { t, i18n } = useTranslation();
  const listing = p.phase === 'listing';
  return (
    <section className="panel batch-progress" aria-busy="true" data-testid="batch-progress">
      <h2 className="mono">{p.dir}</h2>
      {listing ? (
        <p>{t('batch.listing', { count: p.listed })}</p>
      ) : (
        <>
          <progress max={Math.max(1, p.total)} value={p.finished} aria-label={t('batch.checked', { done: p.finished, total: p.total })} />
          <p role="status">
            <strong>{t('batch.checked', { done: p.finished, total: p.total })}</strong>
            {' · '}
            {t('batch.rate', { files: p.filesPerSec.toFixed(1), pages: p.pagesPerSec.toFixed(1) })}
            {p.jobs > 0 && ` · ${t('batch.threads', { count: p.jobs })}`}
            {p.etaMs !== null && ` · ${t('batch.eta', { time: duration(p.etaMs, i18n.language) })}`}
            {p.errors > 0 && <span className="warn-text"> · {t('batch.errors', { count: p.errors })}</span>}
          </p>
          <ul className="batch-current muted small">
            {p.current.map((f) => (
              <li key={f} className="mono">
                {t('batch.current')}
                {f}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onStop} disabled={stopping}>
        {stopping ? t('batch.stopping') : t('batch.stop')}
      </button>
    </section>
  );
}
