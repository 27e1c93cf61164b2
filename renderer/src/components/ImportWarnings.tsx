import { useTranslation } from 'react-i18next';
import { describeWarning } from '../../../shared/document/warning-labels';

/**
 * The importer's warnings in words. Those saying that part of the document
 * was not read (pages without a text layer, unreadable attachments) are an
 * alert: a clean scan says nothing about what was never read.
 */
export function ImportWarnings({ warnings }: { warnings: readonly string[] }) {
  const { t, i18n } = useTranslation();
  if (warnings.length === 0) return null;
  const described = warnings.map(describeWarning);
  const english = i18n.language.startsWith('en');
  const attention = described.filter((w) => w.attention);
  const notes = described.filter((w) => !w.attention);
  const item = (w: ReturnType<typeof describeWarning>, i: number) => <li key={i}>{english ? w.en : w.zh}</li>;
  return (
    <>
      {attention.length > 0 && (
        <div className="warning-banner" role="alert" data-testid="import-warnings">
          <strong>{t('review.notRead')}</strong>
          <ul>{attention.map(item)}</ul>
        </div>
      )}
      {notes.length > 0 && (
        <div className="note-banner" role="status" data-testid="import-notes">
          <ul>{notes.map(item)}</ul>
        </div>
      )}
    </>
  );
}
