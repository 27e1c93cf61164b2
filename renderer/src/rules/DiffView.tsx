import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { VersionDiff } from '../../../shared/ipc/views';

/** Two versions line by line: added lines marked +, removed −, unchanged stretches folded to their count. */
export function DiffView({ diff }: { diff: VersionDiff }) {
  const { t } = useTranslation();
  return (
    <div className="version-diff" data-testid="version-diff">
      <h4>
        v{diff.from} → v{diff.to}
      </h4>
      {diff.metaChanges.length > 0 && (
        <ul className="small">
          {diff.metaChanges.map((c) => (
            <li key={c.field}>
              {t(`rules.fields.${c.field}`, { defaultValue: c.field })}：<del>{c.from}</del> → <ins>{c.to}</ins>
            </li>
          ))}
        </ul>
      )}
      <pre className="diff-lines">
        {diff.parts.map((p, i) =>
          p.kind === 'same' ? (
            <span key={i} className="muted">
              {p.lines.length < p.count ? `  … ${t('rules.sameLines', { count: p.count })}\n` : p.lines.map((l) => `  ${l}\n`).join('')}
            </span>
          ) : (
            <span key={i} className={p.kind === 'added' ? 'line-added' : 'line-removed'}>
              {p.lines.map((l) => `${p.kind === 'added' ? '+' : '−'} ${l}\n`).join('')}
            </span>
          ),
        )}
      </pre>
      {diff.parts.every((p) => p.kind === 'same') && diff.metaChanges.length === 0 && <p className="muted">{t('rules.noDiff')}</p>}
    </div>
  );
}

/** Who made a version, in words: the product's own lists and this workstation without accounts have no person. */
export function authorName(author: string, t: TFunction): string {
  return author === 'installation' ? t('rules.authors.installation') : author === 'product' ? t('rules.authors.product') : author;
}
