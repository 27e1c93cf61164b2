import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { describeWarning } from '../../../shared/document/warning-labels';
import { CATEGORIES } from '../../../shared/rules/finding';
import type { BatchFileRow } from '../../../shared/ipc/views';
import { usePagedRows, type RowFilter } from './usePagedRows';

const ROW = 40;

interface Props {
  run: number;
  filter: RowFilter;
  /** Files in the report, whatever the filter. */
  all: number;
  /** The file being imported, if any. */
  opening: string | null;
  onOpen(path: string): void;
  onError(err: unknown): void;
}

/** The files of a report, rows virtualised and fetched a page at a time. */
export function BatchTable({ run, filter, all, opening, onOpen, onError }: Props) {
  const { t, i18n } = useTranslation();
  const { total, row, ensure } = usePagedRows(run, filter, onError);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const items = rows.getVirtualItems();
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;
  useEffect(() => {
    if (first === undefined || last === undefined) return;
    ensure(first);
    ensure(last);
  }, [first, last, ensure]);

  const en = i18n.language === 'en';
  const note = (r: BatchFileRow) =>
    [...(r.error ? [en ? (r.errorEn ?? r.error) : r.error] : []), ...r.warnings.map(describeWarning).filter((w) => w.attention).map((w) => (en ? w.en : w.zh))].join('；');
  return (
    <div className="panel batch-files">
      <div className="batch-table" role="table" aria-label={t('batch.files')} aria-rowcount={(total ?? 0) + 1}>
        <div role="rowgroup">
          <div className="batch-row batch-head" role="row">
            <span role="columnheader">{t('batch.columns.file')}</span>
            <span role="columnheader">{t('batch.columns.format')}</span>
            <span role="columnheader" className="num">{t('batch.columns.pages')}</span>
            <span role="columnheader">{t('batch.columns.status')}</span>
            <span role="columnheader">{t('batch.columns.findings')}</span>
            <span role="columnheader">{t('batch.columns.note')}</span>
            <span role="columnheader" />
          </div>
        </div>
        <div className="batch-scroll" ref={scroller} data-testid="batch-files" role="rowgroup">
          <div style={{ height: rows.getTotalSize(), position: 'relative' }} role="presentation">
            {items.map((v) => {
              const r = row(v.index);
              if (!r) return <div key={v.key} className="batch-row" style={{ transform: `translateY(${v.start}px)`, height: ROW }} role="row" />;
              const text = note(r);
              return (
                <div key={v.key} className={`batch-row status-${r.status}`} style={{ transform: `translateY(${v.start}px)`, height: ROW }} role="row" aria-rowindex={v.index + 2}>
                  <span className="mono batch-path" title={r.path} role="cell">
                    {r.path}
                  </span>
                  <span role="cell">{r.format ?? ''}</span>
                  <span className="num" role="cell">
                    {r.pages ?? ''}
                  </span>
                  <span role="cell" className={`batch-status-${r.status}`}>
                    {t(`batch.fileStatus.${r.status}`)}
                  </span>
                  <span role="cell" className="batch-counts">
                    {r.status === 'done' && <strong>{r.findings}</strong>}
                    {CATEGORIES.filter((c) => (r.byCategory[c] ?? 0) > 0).map((c) => (
                      <span key={c} className={`chip cat-${c}`}>
                        {t(`category.${c}`)} {r.byCategory[c]}
                      </span>
                    ))}
                  </span>
                  <span role="cell" className="batch-note" title={text}>
                    {r.needs.map((n) => (
                      <span key={n} className="chip need">
                        {t(`batch.need.${n}`)}
                      </span>
                    ))}{' '}
                    <span className="small">{text}</span>
                  </span>
                  <span role="cell">
                    {(r.status === 'done' || r.needs.includes('password')) && (
                      <button type="button" disabled={opening !== null} aria-label={t('batch.openLabel', { file: r.path })} onClick={() => onOpen(r.path)}>
                        {opening === r.path ? t('batch.opening') : t('batch.open')}
                      </button>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {total === 0 && <p className="muted">{t('batch.empty')}</p>}
      <p className="muted small" aria-live="polite">
        {total !== null && t('batch.shown', { shown: total, total: all })}
      </p>
    </div>
  );
}
