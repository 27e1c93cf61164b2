import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';

interface Props {
  onOpen(id: number): void;
  onError(err: unknown): void;
}

export function Home({ onOpen, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [docs, setDocs] = useState<DocumentSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('documents.list', {}).then(setDocs, onError);
  }, [onError]);

  async function importFile(file: File) {
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const view = await call('documents.import', { name: file.name, bytes });
      onOpen(view.document.id);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void importFile(file);
  }

  return (
    <div className="home">
      <section
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-busy={busy}
      >
        <h2>{t('home.importTitle')}</h2>
        {busy ? (
          <p className="muted" role="status">{t('home.importing')}</p>
        ) : (
          <p>
            {t('home.importHint')}{' '}
            <button type="button" className="primary" onClick={() => input.current?.click()}>
              {t('home.choose')}
            </button>
          </p>
        )}
        <input
          ref={input}
          type="file"
          accept=".docx,.xlsx,.txt,.csv,.md,.html,.htm"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </section>
      <section className="recent">
        <h2>{t('home.recent')}</h2>
        {docs.length === 0 ? (
          <p className="muted">{t('home.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('home.columns.name')}</th>
                <th>{t('home.columns.status')}</th>
                <th className="num">{t('home.columns.findings')}</th>
                <th className="num">{t('home.columns.undecided')}</th>
                <th>{t('home.columns.imported')}</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.id}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(d.id)}>
                      {d.name}
                    </button>
                  </td>
                  <td>
                    <span className={`status status-${d.status}`}>{t(`status.${d.status}`)}</span>
                  </td>
                  <td className="num">{d.findingCount}</td>
                  <td className="num">{d.undecidedCount}</td>
                  <td>{formatDateTime(d.importedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
