import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListDetail, VersionDiff } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { authorName, DiffView } from './DiffView';

/** Every version of a list with who made it and why; any two compared line by line. */
export function ListHistory({ detail, onError }: { detail: ListDetail; onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const versions = detail.versions;
  const latest = versions[0]?.version ?? 0;
  // Null: the version before the latest, whatever the latest is by now.
  const [chosen, setFrom] = useState<number | null>(null);
  const from = chosen !== null && chosen < latest ? chosen : Math.max(0, latest - 1);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  if (detail.list.file) return null;
  return (
    <div className="panel list-history" data-testid="list-history">
      <h3>{t('rules.history')}</h3>
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> <span className="muted small">{formatDateTime(v.at, i18n.language)} · {authorName(v.author, t)}</span>
            <div className="small">{v.note}</div>
          </li>
        ))}
      </ol>
      {versions.length > 1 && (
        <div className="panel-actions">
          <label className="field inline">
            <span>{t('rules.compare')}</span>
            <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.slice(1).map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <span>→ v{latest}</span>
          </label>
          <button type="button" onClick={() => call('rules.diffList', { id: detail.list.id, from, to: latest }).then(setDiff, onError)}>
            {t('rules.showDiff')}
          </button>
        </div>
      )}
      {diff && <DiffView diff={diff} />}
    </div>
  );
}
