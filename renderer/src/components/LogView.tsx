import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, LogReport } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { ReviewSheet } from './ReviewSheet';

/** The auditor's view: verification status first, then the record, filtered by document or person, and a document's 保密审查单. */
export function LogView({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [report, setReport] = useState<LogReport | null>(null);
  const [docs, setDocs] = useState<DocumentSummary[]>([]);
  const [review, setReview] = useState<number | null>(null);
  const [actor, setActor] = useState<string | null>(null);
  const [actors, setActors] = useState<string[]>([]);
  const [sheet, setSheet] = useState(false);
  const verify = useCallback(() => {
    call('log.verify', { ...(review !== null ? { review } : {}), ...(actor !== null ? { actor } : {}) }).then((r) => {
      setReport(r);
      setActors(r.actors);
    }, onError);
  }, [onError, review, actor]);
  useEffect(verify, [verify]);
  useEffect(() => {
    call('documents.list', {}).then(setDocs, () => setDocs([]));
  }, []);
  const closeSheet = useCallback(() => setSheet(false), []);
  if (!report) return null;
  const en = i18n.language === 'en';
  const f = report.failure;
  return (
    <div className="log-view">
      <div className="review-head">
        <h1 className="doc-title">{t('log.title')}</h1>
        <button type="button" onClick={verify}>
          {t('log.verify')}
        </button>
      </div>
      <div className={report.ok ? 'verify-banner ok' : 'verify-banner bad'} role="status" data-testid="log-status">
        <span aria-hidden="true">{report.ok ? '✓' : '✗'}</span>{' '}
        {report.ok
          ? t('log.ok', { count: report.checked })
          : t('log.failed', {
              where: f?.seq != null ? t('log.entry', { seq: f.seq }) : t('log.end'),
              message: en ? f?.messageEn : f?.message,
            })}
      </div>
      <p className="muted small mono">
        {t('log.key')}：{report.keyFingerprint}
      </p>
      <div className="log-filters">
        <label className="field inline">
          <span>{t('log.byDocument')}</span>
          <select value={review ?? ''} onChange={(e) => setReview(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('log.all')}</option>
            {docs.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}（#{d.id}）{d.purgedAt !== undefined && ` · ${t('log.purged')}`}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{t('log.byPerson')}</span>
          <select value={actor ?? ''} onChange={(e) => setActor(e.target.value === '' ? null : e.target.value)}>
            <option value="">{t('log.all')}</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {review !== null && (
          <button type="button" className="primary" onClick={() => setSheet(true)}>
            {t('log.sheet')}
          </button>
        )}
      </div>
      {sheet && review !== null && <ReviewSheet id={review} onClose={closeSheet} onError={onError} />}
      <details className="months">
        <summary>{t('log.months')}</summary>
        <table className="table" data-testid="monthly-summary">
          <thead>
            <tr>
              {(['month', 'imported', 'submitted', 'approved', 'returned', 'exported', 'accepted', 'rejected'] as const).map((k) => (
                <th key={k} className={k === 'month' ? '' : 'num'}>
                  {t(`log.monthColumns.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.months.map((m) => (
              <tr key={m.month}>
                <td>{m.month}</td>
                <td className="num">{m.imported}</td>
                <td className="num">{m.submitted}</td>
                <td className="num">{m.approved}</td>
                <td className="num">{m.returned}</td>
                <td className="num">{m.exported}</td>
                <td className="num">{m.accepted}</td>
                <td className="num">{m.rejected}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <table className="table" data-testid="log-entries">
        <thead>
          <tr>
            <th className="num">{t('log.columns.seq')}</th>
            <th>{t('log.columns.time')}</th>
            <th>{t('log.columns.action')}</th>
            <th>{t('log.columns.actor')}</th>
            <th>{t('log.columns.summary')}</th>
            <th>{t('log.columns.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {report.entries.map((e) => (
            <tr key={e.seq}>
              <td className="num">{e.seq}</td>
              <td>{formatDateTime(e.ts, i18n.language)}</td>
              <td>{e.action}</td>
              <td>{e.actor}</td>
              <td>{e.summary}</td>
              <td className="mono small">{e.hash.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
