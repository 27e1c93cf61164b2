import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordPrompt } from './PasswordPrompt';
import { IMPORT_ACCEPT, type ImportJobState } from './useImportJob';

/** After an import: that it was cancelled, or a prompt for the opening password of an encrypted PDF (again when the last was wrong). */
export function ImportPrompts({ job }: { job: ImportJobState }) {
  const { t } = useTranslation();
  const { locked, busy, cancelled } = job;
  return (
    <>
      {cancelled && !busy && (
        <p className="muted" role="status">
          {t('home.cancelled', { name: cancelled })}
        </p>
      )}
      {locked && <PasswordPrompt name={locked.file.name} wrong={locked.wrong} busy={busy} onSubmit={(password) => void job.start(locked.file, password)} />}
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
