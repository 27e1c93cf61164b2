import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HiddenPlace } from '../../../shared/document/model';
import type { HiddenRange } from '../../../shared/ipc/views';
import { useMarks } from './mark-store';
import { TextRange } from './TextRange';

interface Props {
  hidden: readonly HiddenRange[];
  text: string;
  onSelect(id: string): void;
}

/**
 * What the page does not show but the file carries (comments, tracked
 * deletions, headers, hidden sheets, PDF annotations …), by kind, with its
 * own highlights: it is published with the file unless the export removes it.
 */
export const HiddenLane = memo(function HiddenLane({ hidden, text, onSelect }: Props) {
  // Which groups start open depends on the marks over the hidden text: followed like any drawn range.
  const index = useMarks(hidden[0]?.start ?? 0, hidden.at(-1)?.end ?? 0);
  const { t } = useTranslation();
  const groups = useMemo(() => {
    const out = new Map<HiddenPlace, HiddenRange[]>();
    for (const h of hidden) out.set(h.place, [...(out.get(h.place) ?? []), h]);
    return [...out.entries()];
  }, [hidden]);
  const findingsIn = (h: HiddenRange) => index.pieces(h.start, h.end).filter((p) => p.finding).length;
  return (
    <aside className="hidden-lane" aria-label={t('view.hiddenLane')} data-testid="hidden-lane">
      <h3>{t('view.hiddenLane')}</h3>
      {groups.map(([place, ranges]) => (
        <details key={place} open={ranges.some((h) => findingsIn(h) > 0)}>
          <summary>
            {t(`hiddenPlace.${place}`)} <span className="count">{ranges.length}</span>
          </summary>
          <ul>
            {ranges.map((h) => (
              <li key={h.start} className="hidden-item">
                <div className="muted small">
                  {h.author && <span className="author">{h.author} · </span>}
                  {h.where}
                </div>
                <div className="hidden-text">
                  <TextRange text={text} from={h.start} to={h.end} onSelect={onSelect} idPrefix="lane-hl-" />
                </div>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </aside>
  );
});
