import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListSummary } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { authorName } from './DiffView';

/** Deleted lists, kept with their history; restoring one is a new version (logged like any change). */
export function DeletedLists({ onRestored, onError }: { onRestored(): void; onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [lists, setLists] = useState<ListSummary[]>([]);
  const load = useCallback(() => call('rules.deletedLists', {}).then(setLists, onError), [onError]);
  useEffect(() => void load(), [load]);
  if (lists.length === 0) return null;
  const restore = (l: ListSummary) =>
    call('rules.changeList', { id: l.id, expectedVersion: l.version, deleted: false, note: t('rules.notes.restored') }).then(() => {
      void load();
      onRestored();
    }, onError);
  return (
    <details className="panel deleted-lists" data-testid="deleted-lists">
      <summary>{t('rules.deletedLists', { count: lists.length })}</summary>
      <p className="muted small">{t('rules.deletedHint')}</p>
      <ul>
        {lists.map((l) => (
          <li key={l.id}>
            <span>{l.name}</span> <span className="tag">{t(`rules.kinds.${l.kind}`)}</span>{' '}
            <span className="muted small">
              v{l.version} · {t('rules.deletedAt', { at: formatDateTime(l.updatedAt, i18n.language) })} {authorName(l.updatedBy, t)}
            </span>{' '}
            <button type="button" aria-label={t('rules.restoreLabel', { name: l.name })} onClick={() => void restore(l)}>
              {t('rules.restore')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
