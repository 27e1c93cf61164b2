import { useTranslation } from 'react-i18next';
import type { ImportProgress } from '../../../shared/ipc/views';
import { useEscape } from '../useEscape';

interface Props {
  progress: ImportProgress | null;
  onCancel(): void;
}

/** The stage of a running import with a progress bar where the stage can count, and a cancel button (also Esc). */
export function ImportStatus({ progress, onCancel }: Props) {
  const { t } = useTranslation();
  useEscape(onCancel);

  const stage = progress?.stage ?? 'read';
  const counted = progress !== null && progress.total > 0;
  const detail = counted ? t(stage === 'parse' ? 'home.pages' : 'home.rules', { done: progress.done, total: progress.total }) : '';
  const cancelling = progress?.cancelled === true;
  return (
    <div className="import-status" data-testid="import-status">
      <p role="status" aria-live="polite">
        {cancelling ? t('home.cancelling') : t(`home.stage.${stage}`)} {detail && <span className="muted">{detail}</span>}
      </p>
      <progress
        aria-label={t(`home.stage.${stage}`)}
        {...(counted ? { value: progress.done, max: progress.total } : {})}
      />
      <button type="button" onClick={onCancel} disabled={cancelling}>
        {t('home.cancel')}
      </button>
    </div>
  );
}
