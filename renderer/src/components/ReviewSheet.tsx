import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewRecord } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';

interface Props {
  id: number;
  onClose(): void;
  onError(err: unknown): void;
}

/**
 * 保密审查单 of one document: conclusion and reasons item by item, who
 * submitted and approved, exports with their hashes, and the record's
 * entries; printable (the print style shows only the sheet).
 */
export function ReviewSheet({ id, onClose, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [record, setRecord] = useState<ReviewRecord | null>(null);
  useEffect(() => {
    call('review.record', { id }).then(setRecord, onError);
  }, [id, onError]);
  const when = (ts: string | null) => (ts ? formatDateTime(ts, i18n.language) : '—');
  return (
    <div className="preview-backdrop">
      <section className="panel preview review-sheet" role="dialog" aria-modal="true" aria-label={t('sheet.title')} data-testid="review-sheet">
        {!record ? (
          <p className="muted">…</p>
        ) : (
          <div className="sheet-body printable" tabIndex={0} role="region" aria-label={t('sheet.title')}>
            <h2 className="sheet-title">{t('sheet.title')}</h2>
            <table className="table sheet-head">
              <tbody>
                <tr>
                  <th>{t('sheet.document')}</th>
                  <td colSpan={3}>{record.document.name}</td>
                </tr>
                <tr>
                  <th>{t('sheet.number')}</th>
                  <td colSpan={3}>{record.documentNumber ?? '—'}</td>
                </tr>
                <tr>
                  <th>SHA-256</th>
                  <td colSpan={3} className="mono small">
                    {record.document.sha256}
                  </td>
                </tr>
                {record.document.purgedAt && (
                  <tr data-testid="sheet-purged">
                    <th>{t('sheet.original')}</th>
                    <td colSpan={3}>{t('sheet.purged', { date: when(record.document.purgedAt) })}</td>
                  </tr>
                )}
                {record.revisionOf && (
                  <tr data-testid="sheet-revision">
                    <th>{t('sheet.revisionOf')}</th>
                    <td colSpan={3}>
                      {t('sheet.revisionOfValue', { id: record.revisionOf.id, name: record.revisionOf.name, carried: record.revisionOf.carried })}
                      <div className="mono small">SHA-256 {record.revisionOf.sha256}</div>
                    </td>
                  </tr>
                )}
                <tr>
                  <th>{t('sheet.imported')}</th>
                  <td>{when(record.document.importedAt)}</td>
                  <th>{t('sheet.attribute')}</th>
                  <td>{record.attribute ? t(`attribute.${record.attribute}`) : '—'}</td>
                </tr>
                <tr>
                  <th>{t('sheet.reviewer')}</th>
                  <td>{record.submittedBy ?? t('sheet.singleOperator')}</td>
                  <th>{t('sheet.approver')}</th>
                  <td>
                    {record.approvedBy ?? (record.approvedAt ? t('sheet.singleOperator') : '—')} {record.approvedAt && `（${when(record.approvedAt)}）`}
                  </td>
                </tr>
                <tr>
                  <th>{t('sheet.opinion')}</th>
                  <td colSpan={3}>{record.opinion ?? '—'}</td>
                </tr>
                <tr>
                  <th>{t('sheet.approvalOpinion')}</th>
                  <td colSpan={3}>{record.approvalOpinion ?? '—'}</td>
                </tr>
              </tbody>
            </table>
            <h3>{t('sheet.items')}</h3>
            <table className="table">
              <thead>
                <tr>
                  <th className="num">{t('preview.columns.n')}</th>
                  <th>{t('preview.columns.place')}</th>
                  <th>{t('preview.columns.category')}</th>
                  <th>{t('preview.columns.type')}</th>
                  <th>{t('sheet.decision')}</th>
                  <th>{t('preview.columns.reason')}</th>
                  <th>{t('preview.columns.basis')}</th>
                </tr>
              </thead>
              <tbody>
                {record.items.map((item) => (
                  <tr key={item.n}>
                    <td className="num">{item.n}</td>
                    <td>{item.place}</td>
                    <td>{item.category}</td>
                    <td>{item.type}</td>
                    <td>
                      {item.decision}
                      {item.carriedFrom !== undefined && <div className="muted small">{t('sheet.carried', { id: item.carriedFrom })}</div>}
                    </td>
                    <td>{item.reason ?? ''}</td>
                    <td className="small">{item.basis}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('sheet.exports')}</h3>
            {record.exports.length === 0 ? (
              <p className="muted">—</p>
            ) : (
              <ul>
                {record.exports.map((x) => (
                  <li key={x.sha256 + x.at}>
                    {x.fileName} · {when(x.at)} · <span className="mono small">SHA-256 {x.sha256}</span>
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('sheet.entries')}</h3>
            <ol className="small">
              {record.entries.map((e) => (
                <li key={e.seq}>
                  #{e.seq} {when(e.ts)} {e.actor} · {e.action} {e.summary} <span className="mono">{e.hash.slice(0, 12)}…</span>
                </li>
              ))}
            </ol>
          </div>
        )}
        <footer className="preview-foot">
          <span />
          <div className="preview-actions">
            <button type="button" onClick={onClose}>
              {t('sheet.close')}
            </button>
            <button type="button" className="primary" disabled={!record} onClick={() => window.print()}>
              {t('sheet.print')}
            </button>
          </div>
        </footer>
      </section>
    </div>
  );
}
