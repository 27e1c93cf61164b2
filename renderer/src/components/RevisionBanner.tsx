import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionView } from '../../../shared/ipc/views';

interface Props {
  revision: RevisionView;
  text: string;
  /** Findings still without a decision. */
  undecided: number;
  /** Brings an offset of the text into view. */
  onGoTo(offset: number): void;
}

/** Places listed at most; the marks in the text show all of them. */
const MAX_LISTED = 200;
const EXCERPT = 40;

const clip = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s);

/**
 * A revised draft: what changed since the earlier review, how many
 * decisions came along, how many wait; the legend of the change marks and
 * the list of changes by place.
 */
export function RevisionBanner({ revision, text, undecided, onGoTo }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // A changed range and the old text it replaced are one place; a deletion alone is another.
  const replaced = new Set(revision.changes.filter((c) => c.kind === 'changed').map((c) => c.start));
  const removedAlone = revision.deleted.filter((d) => !replaced.has(d.at));
  const places = [
    ...revision.changes.map((c) => ({ at: c.start, where: c.where, kind: c.kind, added: text.slice(c.start, c.end), removed: revision.deleted.find((d) => d.at === c.start && c.kind === 'changed')?.text ?? '' })),
    ...removedAlone.map((d) => ({ at: d.at, where: d.where, kind: 'deleted' as const, added: '', removed: d.text })),
  ].sort((a, b) => a.at - b.at);
  return (
    <div className="revision-banner" role="status" data-testid="revision-banner">
      <p>
        <strong>{t('revision.title')}</strong>
        {t('revision.summary', { of: revision.of, name: revision.ofName, changes: places.length, carried: revision.carried.length, undecided })}
        {!revision.complete && <span className="warn-text"> {t('revision.incomplete')}</span>}
      </p>
      <p className="revision-legend small">
        <span className="chg chg-changed">{t('revision.legendChanged')}</span> <span className="chg chg-inserted">{t('revision.legendInserted')}</span>{' '}
        <del className="deleted-marker" /> {t('revision.legendDeleted')}
        {places.length > 0 && (
          <button type="button" className="link-button small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? t('revision.hideChanges') : t('revision.showChanges')}
          </button>
        )}
      </p>
      {open && (
        <ol className="revision-changes small" aria-label={t('revision.changes')}>
          {places.slice(0, MAX_LISTED).map((p) => (
            <li key={`${p.kind}${p.at}`}>
              <button type="button" className="link-button" onClick={() => onGoTo(p.at)}>
                {p.where || t('revision.body')}
              </button>{' '}
              <span className="muted">{t(`revision.kind.${p.kind}`)}</span>{' '}
              {p.removed && <del title={p.removed}>{clip(p.removed)}</del>} {p.added && <ins>{clip(p.added)}</ins>}
            </li>
          ))}
          {places.length > MAX_LISTED && <li className="muted">{t('revision.more', { count: places.length - MAX_LISTED })}</li>}
        </ol>
      )}
    </div>
  );
}
