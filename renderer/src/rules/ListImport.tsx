import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListDetail, ListImportPreview } from '../../../shared/ipc/views';
import { call } from '../api';
import { FilePick } from './FilePick';

/** Import from TXT, CSV or XLSX: first what would change (duplicates, invalid lines, added and missing terms), then one new version. */
export function ListImport({ detail, onImported, onError }: { detail: ListDetail; onImported(d: ListDetail): void; onError(err: unknown): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array<ArrayBuffer> } | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [preview, setPreview] = useState<ListImportPreview | null>(null);
  const id = detail.list.id;
  const ask = (f: { name: string; bytes: Uint8Array<ArrayBuffer> }, m: 'merge' | 'replace') => {
    setPreview(null);
    call('rules.previewImport', { id, fileName: f.name, bytes: f.bytes, mode: m }).then(setPreview, onError);
  };
  const apply = () => {
    if (!file) return;
    call('rules.applyImport', { id, fileName: file.name, bytes: file.bytes, mode, expectedVersion: detail.list.version, note: t('rules.notes.imported', { file: file.name }) }).then((d) => {
      setFile(null);
      setPreview(null);
      onImported(d);
    }, onError);
  };
  const few = <T,>(items: T[], show: (x: T) => string) => items.slice(0, 8).map(show).join('、') + (items.length > 8 ? ` …（${items.length}）` : '');
  return (
    <div className="panel list-import" data-testid="list-import">
      <h3>{t('rules.import')}</h3>
      <p className="muted small">{t('rules.importHint')}</p>
      <FilePick
        accept=".txt,.csv,.tsv,.xlsx"
        label={t('rules.import')}
        testId="list-file"
        onFile={(chosen) => {
          setFile(chosen);
          ask(chosen, mode);
        }}
      />
      {file && (
        <fieldset className="radio-row">
          <legend className="small muted">{t('rules.importMode')}</legend>
          {(['merge', 'replace'] as const).map((m) => (
            <label key={m} className="inline-check">
              <input
                type="radio"
                name="import-mode"
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  ask(file, m);
                }}
              />{' '}
              {t(`rules.modes.${m}`)}
            </label>
          ))}
        </fieldset>
      )}
      {preview && file && (
        <div className="import-preview" data-testid="import-preview" role="status">
          <ul>
            <li>{t('rules.preview.read', { count: preview.read, encoding: preview.encoding.toUpperCase() })}</li>
            <li className={preview.added.length ? 'ok-text' : ''}>
              {t('rules.preview.added', { count: preview.added.length })} {preview.added.length > 0 && <span className="muted small">{few(preview.added, (x) => x.term)}</span>}
            </li>
            {preview.changed.length > 0 && <li>{t('rules.preview.changed', { count: preview.changed.length })}</li>}
            <li className={mode === 'replace' && preview.missing.length ? 'warn-text' : ''}>
              {t(mode === 'replace' ? 'rules.preview.removed' : 'rules.preview.kept', { count: preview.missing.length })}{' '}
              {preview.missing.length > 0 && <span className="muted small">{few(preview.missing, (x) => x)}</span>}
            </li>
            <li>{t('rules.preview.unchanged', { count: preview.unchanged })}</li>
            {preview.duplicates.length > 0 && <li className="warn-text">{t('rules.preview.duplicates', { count: preview.duplicates.length, lines: few(preview.duplicates, (d) => `${d.line}`) })}</li>}
            {preview.invalid.length > 0 && (
              <li className="warn-text">
                {t('rules.preview.invalid', { count: preview.invalid.length })}
                <ul className="small">
                  {preview.invalid.slice(0, 5).map((x) => (
                    <li key={x.line}>
                      {t('rules.preview.line', { line: x.line })}：{x.reason}
                    </li>
                  ))}
                </ul>
              </li>
            )}
          </ul>
          <button type="button" className="primary" onClick={apply} disabled={preview.added.length + preview.changed.length + (mode === 'replace' ? preview.missing.length : 0) === 0}>
            {t('rules.applyImport')}
          </button>
        </div>
      )}
    </div>
  );
}
