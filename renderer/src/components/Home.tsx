import { useContext, useEffect, useRef, useState, type DragEvent } from 'react';
import { SessionContext } from '../session';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { ImportFileInput, ImportPrompts } from './ImportPrompts';
import { ImportStatus } from './ImportStatus';
import { useImportJob } from './useImportJob';

interface Props {
  onOpen(id: number): void;
  onError(err: unknown): void;
}

export function Home({ onOpen, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [docs, setDocs] = useState<DocumentSummary[]>([]);
  const [dragging, setDragging] = useState(false);
  /** The running import, followed by polling. */
  const importing = useImportJob((request) => call('documents.import', request), (view) => onOpen(view.document.id), onError);
  const { job, busy, start: importFile, cancel: cancelImport } = importing;
  const input = useRef<HTMLInputElement>(null);
  const session = useContext(SessionContext);
  const may = (p: string) => session === null || session.permissions.includes(p);
  const accountsMode = session?.mode === 'accounts';
  /** The latest revision of each review that has one: the list shows the chain of drafts both ways. */
  const revisedBy = new Map<number, number>();
  for (const d of docs) if (d.revisionOf !== undefined && d.id > (revisedBy.get(d.revisionOf) ?? 0)) revisedBy.set(d.revisionOf, d.id);
  /** What waits for this user: reviews to finish (not of drafts since revised), to approve, to export (approved, or submitted in single-operator mode). */
  const todo = docs
    .map((doc) => {
      if (doc.status === 'in_review' && may('review.decide')) return revisedBy.has(doc.id) ? null : { doc, step: 'review' as const };
      if (doc.status === 'submitted' && accountsMode && may('review.approve')) return { doc, step: 'approve' as const };
      if ((doc.status === 'approved' || (doc.status === 'submitted' && !accountsMode)) && may('document.export')) return { doc, step: 'export' as const };
      return null;
    })
    .filter((x): x is { doc: DocumentSummary; step: 'review' | 'approve' | 'export' } => x !== null);

  useEffect(() => {
    call('documents.list', {}).then(setDocs, onError);
  }, [onError]);

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
          <ImportStatus progress={job?.progress ?? null} onCancel={cancelImport} />
        ) : (
          <p>
            {t('home.importHint')}{' '}
            <button type="button" className="primary" onClick={() => input.current?.click()}>
              {t('home.choose')}
            </button>
          </p>
        )}
        <ImportPrompts job={importing} />
        <ImportFileInput ref={input} testId="file-input" onFile={(file) => void importFile(file)} />
      </section>
      {todo.length > 0 && (
        <section className="todo" aria-label={t('home.todo')} data-testid="todo">
          <h2>{t('home.todo')}</h2>
          <ul>
            {todo.map(({ doc, step }) => (
              <li key={doc.id}>
                <span className={`status status-${doc.status}`}>{t(`home.steps.${step}`)}</span>{' '}
                <button type="button" className="link-button" onClick={() => onOpen(doc.id)}>
                  {doc.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
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
                    {d.purgedAt === undefined ? (
                      <button type="button" className="link-button" onClick={() => onOpen(d.id)}>
                        {d.name}
                      </button>
                    ) : (
                      // The original is gone: nothing to open; the record stays in the review log (保密审查单).
                      <>
                        <span>{d.name}</span>
                        <span className="muted small chain" title={t('home.purgedOn', { date: formatDateTime(d.purgedAt, i18n.language) })}>
                          {t('home.purged')}
                        </span>
                      </>
                    )}
                    {d.revisionOf !== undefined && <span className="muted small chain">{t('home.revisionOf', { id: d.id, of: d.revisionOf })}</span>}
                    {revisedBy.has(d.id) && <span className="muted small chain">{t('home.revisedBy', { id: d.id, by: revisedBy.get(d.id) })}</span>}
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
