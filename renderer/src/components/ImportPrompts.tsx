import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_ACCEPT, type ImportJobState } from './useImportJob';

/** After an import: that it was cancelled, or a prompt for the opening password of an encrypted PDF (again when the last was wrong). */
export function ImportPrompts({ job }: { job: ImportJobState }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const { locked, busy, cancelled } = job;
  return (
    <>
      {cancelled && !busy && (
        <p className="muted" role="status">
          {t('home.cancelled', { name: cancelled })}
        </p>
      )}
      {locked && (
        <form
          className="password-row"
          onSubmit={(e) => {
            e.preventDefault();
            void job.start(locked.file, password);
            setPassword('');
          }}
        >
          <span className={locked.wrong ? 'warn-text' : 'muted'}>{locked.wrong ? t('home.passwordWrong') : t('home.passwordNeeded', { name: locked.file.name })}</span>
          <input type="password" autoFocus value={password} aria-label={t('home.password')} placeholder={t('home.password')} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="primary" disabled={busy || password.length === 0}>
            {t('home.openWithPassword')}
          </button>
        </form>
      )}
    </>
  );
}

/** A hidden chooser of the files the importers read; the same file can be chosen again. */
export function ImportFileInput({ ref, testId, onFile }: { ref: Ref<HTMLInputElement>; testId: string; onFile(file: File): void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={IMPORT_ACCEPT}
      hidden
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) onFile(file);
      }}
    />
  );
}
