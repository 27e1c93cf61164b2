import { useTranslation } from 'react-i18next';
import { useEscape } from '../useEscape';

/** Every key of the review screen, always one keystroke (`?`) away. */
export function ShortcutLegend({ pdf, onClose }: { pdf: boolean; onClose(): void }) {
  const { t } = useTranslation();
  useEscape(onClose);
  const rows: [string, string][] = [
    ['J / ↓', 'next'],
    ['K / ↑', 'previous'],
    ['A', 'accept'],
    ['R', 'reject'],
    ['U / Ctrl+Z', 'undo'],
    ['Shift+U / Ctrl+Y', 'redo'],
    ['/ · Ctrl+F', 'search'],
    ['Enter · N', 'nextHit'],
    ['+ / − / 0', 'zoom'],
    ...(pdf ? ([['B', 'box']] as [string, string][]) : []),
    ['?', 'legend'],
  ];
  return (
    <section className="shortcut-legend" aria-label={t('keys.title')} data-testid="shortcut-legend">
      <dl>
        {rows.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {/* Between keys, ' / ' and ' · ' separate alternatives; a '/' standing first is the key itself. */}
              {keys.split(' ').map((k, i) => ((k === '/' && i > 0) || k === '·' ? <span key={i}> {k} </span> : <kbd key={i}>{k}</kbd>))}
            </dt>
            <dd>{t(`keys.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="link-button" onClick={onClose}>
        {t('keys.close')}
      </button>
    </section>
  );
}
