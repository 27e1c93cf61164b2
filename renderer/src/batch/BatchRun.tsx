import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchProgress } from '../../../shared/ipc/views';
import { call } from '../api';
import { BatchProgressPanel } from './BatchProgressPanel';
import { BatchReport } from './BatchReport';

const POLL_MS = 400;

interface Props {
  run: number;
  onResume(dir: string): void;
  onOpenReview(id: number): void;
  onError(err: unknown): void;
}

/** One check: its progress while it runs (polled, like imports), its report once it has stopped or finished. */
export function BatchRun({ run, onResume, onOpenReview, onError }: Props) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [stopping, setStopping] = useState(false);
  const running = progress !== null && (progress.phase === 'listing' || progress.phase === 'checking');
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      call('batch.progress', { run }).then((p) => {
        if (!alive) return;
        setProgress(p);
        if (p.phase === 'listing' || p.phase === 'checking') timer = setTimeout(poll, POLL_MS);
      }, onError);
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [run, onError]);

  if (progress === null) return null;
  if (running) {
    return (
      <BatchProgressPanel
        progress={progress}
        stopping={stopping}
        onStop={() => {
          setStopping(true);
          void call('batch.cancel', { run }).catch(onError);
        }}
      />
    );
  }
  return (
    <>
      {progress.phase === 'stopped' && (
        <div className="hidden-banner batch-stopped" role="status">
          {t('batch.stopped')}{' '}
          <button type="button" onClick={() => onResume(progress.dir)}>
            {t('batch.resume')}
          </button>
        </div>
      )}
      {progress.phase === 'failed' && progress.error && <div className="error-banner">{progress.error.message}</div>}
      <BatchReport run={run} onOpenReview={onOpenReview} onError={onError} />
    </>
  );
}
