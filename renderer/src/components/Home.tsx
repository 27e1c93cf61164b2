import { useContext, useEffect, useRef, useState, type DragEvent } from 'react';
import { SessionContext } from '../session';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, ImportProgress } from '../../../shared/ipc/views';
import { ApiError, call } from '../api';
import { formatDateTime } from '../i18n';
import { ImportStatus } from './ImportStatus';

/** How often a running import is asked for its progress. */
const POLL_MS = 200;

interface Props {
  onOpen(id: number): void;
  onError(err: unknown): void;
}

export function Home({ onOpen, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [docs, setDocs] = useState<DocumentSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  /** An encrypted PDF waiting for its password. */
  const [locked, setLocked] = useState<{ file: File; wrong: boolean } | null>(null);
  const [password, setPassword] = useState('');
  /** The running import, followed by polling; null when idle. */
  const [job, setJob] = useState<{ id: string; progress: ImportProgress } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const session = useContext(SessionContext);
  const may = (p: string) => session === null || session.permissions.includes(p);
  const accountsMode = session?.mode === 'accounts';
  /** What waits for this user: reviews to finish, to approve, to export (approved, or submitted in single-operator mode). */
  const todo = docs
    .map((doc) => {
      if (doc.status === 'in_review' && may('review.decide')) return { doc, step: 'review' as const };
      if (doc.status === 'submitted' && accountsMode && may('review.approve')) return { doc, step: 'approve' as const };
      if ((doc.status === 'approved' || (doc.status === 'submitted' && !accountsMode)) && may('document.export')) return { doc, step: 'export' as const };
      return null;
    })
    .filter((x): x is { doc: DocumentSummary; step: 'review' | 'approve' | 'export' } => x !== null);

  useEffect(() => {
    call('documents.list', {}).then(setDocs, onError);
  }, [onError]);

  async function importFile(file: File, pdfPassword?: string) {
    const jobId = crypto.randomUUID();
    setBusy(true);
    setNotice(null);
    setJob({ id: jobId, progress: { stage: 'read', done: 0, total: 0, cancelled: false } });
    const poll = window.setInterval(() => {
      call('jobs.progress', { jobId }).then(
        ({ progress }) => progress && setJob((j) => (j?.id === jobId ? { id: jobId, progress } : j)),
        () => {},
      );
    }, POLL_MS);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const view = await call('documents.import', { name: file.name, bytes, jobId, ...(pdfPassword ? { password: pdfPassword } : {}) });
      setLocked(null);
      onOpen(view.document.id);
    } catch (err) {
      if (err instanceof ApiError && err.data.code === 'password_required') setLocked({ file, wrong: pdfPassword !== undefined });
      else if (err instanceof ApiError && err.data.code === 'cancelled') setNotice(t('home.cancelled', { name: file.name }));
      else onError(err);
    } finally {
      window.clearInterval(poll);
      setJob(null);
      setBusy(false);
      setPassword('');
    }
  }

  function cancelImport() {
    if (!job) return;
    setJob({ ...job, progress: { ...job.progress, cancelled: true } });
    call('jobs.cancel', { jobId: job.id }).catch(onError);
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
          <ImportStatus progress={job?.progress ?? null} onCancel={cancelImport} />
        ) : (
          <p>
            {t('home.importHint')}{' '}
            <button type="button" className="primary" onClick={() => input.current?.click()}>
              {t('home.choose')}
            </button>
          </p>
        )}
        {notice && !busy && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
        {locked && (
          <form
            className="password-row"
            onSubmit={(e) => {
              e.preventDefault();
              void importFile(locked.file, password);
            }}
          >
            <span className={locked.wrong ? 'warn-text' : 'muted'}>
              {locked.wrong ? t('home.passwordWrong') : t('home.passwordNeeded', { name: locked.file.name })}
            </span>
            <input type="password" autoFocus value={password} aria-label={t('home.password')} placeholder={t('home.password')} onChange={(e) => setPassword(e.target.value)} />
            <button type="submit" className="primary" disabled={busy || password.length === 0}>
              {t('home.openWithPassword')}
            </button>
          </form>
        )}
        <input
          ref={input}
          type="file"
          accept=".docx,.xlsx,.pdf,.txt,.csv,.tsv,.md,.html,.htm"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
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
