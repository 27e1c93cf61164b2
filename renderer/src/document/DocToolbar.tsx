import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

export const ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 3] as const;

/** The next zoom step up or down from `zoom`. */
export function stepZoom(zoom: number, dir: 1 | -1): number {
  const i = ZOOMS.findIndex((z) => z >= zoom - 1e-6);
  const at = i < 0 ? ZOOMS.length - 1 : i;
  return ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, at + dir))]!;
}

interface Props {
  zoom: number;
  onZoom(z: number): void;
  query: string;
  onQuery(q: string): void;
  regex: boolean;
  onRegex(on: boolean): void;
  hits: number;
  current: number;
  /** Why the search found nothing to show: an invalid pattern, or one too slow to finish. */
  searchError: 'pattern' | 'slow' | null;
  onStep(dir: 1 | -1): void;
  /** The search box, for Ctrl+F and `/`. */
  searchRef: RefObject<HTMLInputElement | null>;
  /** Redact every hit (search-and-redact); absent when the review is closed. */
  onRedactHits?: () => void;
  /** Box selection on PDF pages; absent for other layouts. */
  boxMode?: boolean;
  onBoxMode?: (on: boolean) => void;
}

/** Zoom, search in the document (with redact-all), and box selection on PDF pages. */
export function DocToolbar({ zoom, onZoom, query, onQuery, regex, onRegex, hits, current, searchError, onStep, searchRef, onRedactHits, boxMode, onBoxMode }: Props) {
  const { t } = useTranslation();
  return (
    <div className="doc-toolbar" role="toolbar" aria-label={t('view.toolbar')}>
      <div className="zoom" role="group" aria-label={t('view.zoom')}>
        <button type="button" onClick={() => onZoom(stepZoom(zoom, -1))} aria-label={t('view.zoomOut')} title={t('view.zoomOut')}>
          −
        </button>
        <button type="button" onClick={() => onZoom(1)} title={t('view.zoomReset')} data-testid="zoom-level">
          {Math.round(zoom * 100)}%
        </button>
        <button type="button" onClick={() => onZoom(stepZoom(zoom, 1))} aria-label={t('view.zoomIn')} title={t('view.zoomIn')}>
          +
        </button>
      </div>
      <form
        className="doc-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onStep(1);
        }}
      >
        <input
          ref={searchRef}
          type="search"
          value={query}
          aria-label={t('view.search')}
          placeholder={t('view.searchPlaceholder')}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.shiftKey) {
              e.preventDefault();
              onStep(-1);
            } else if (e.key === 'Escape') {
              e.preventDefault(); // Chromium would clear a search box on Escape; the hits stay for N
              e.currentTarget.blur(); // back to the review's keys
            }
          }}
          data-testid="doc-search"
        />
        <label className="inline-check small">
          <input type="checkbox" checked={regex} onChange={(e) => onRegex(e.target.checked)} /> {t('view.regex')}
        </label>
        <span className={`small ${searchError ? 'warn-text' : 'muted'}`} aria-live="polite" data-testid="search-count">
          {searchError ? t(searchError === 'slow' ? 'view.slowPattern' : 'view.badPattern') : query ? t('view.hits', { current: hits ? current + 1 : 0, count: hits }) : ''}
        </span>
        <button type="button" disabled={hits === 0} onClick={() => onStep(-1)} aria-label={t('view.prevHit')}>
          ↑
        </button>
        <button type="button" disabled={hits === 0} onClick={() => onStep(1)} aria-label={t('view.nextHit')}>
          ↓
        </button>
        {onRedactHits && (
          <button type="button" disabled={hits === 0} onClick={onRedactHits}>
            {t('view.redactHits')}
          </button>
        )}
      </form>
      {onBoxMode && (
        <button type="button" aria-pressed={boxMode === true} onClick={() => onBoxMode(!boxMode)} title={t('view.boxHint')}>
          ▭ {t('view.boxMode')}
        </button>
      )}
    </div>
  );
}
