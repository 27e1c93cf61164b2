import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogReport } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';

export function LogView({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [report, setReport] = useState<LogReport | null>(null);
  const verify = useCallback(() => void call('log.verify', {}).then(setReport, onError), [onError]);
  useEffect(verify, [verify]);
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
      <table className="table">
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
