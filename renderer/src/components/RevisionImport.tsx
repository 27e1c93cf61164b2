import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { ImportFileInput, ImportPrompts } from './ImportPrompts';
import { ImportStatus } from './ImportStatus';
import { useImportJob } from './useImportJob';

interface Props {
  /** The review whose document the file revises. */
  of: number;
  onOpen(id: number): void;
  onError(err: unknown): void;
}

/** 导入修订稿: a new draft of this review's document, imported as a revision of it, with progress; opens the new review. */
export function RevisionImport({ of, onOpen, onError }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const importing = useImportJob((request) => call('documents.importRevision', { ...request, of }), (view) => onOpen(view.document.id), onError);
  const { job, busy, locked, cancelled } = importing;
  return (
    <>
      <button type="button" className="link-button small" disabled={busy} onClick={() => input.current?.click()}>
        ⇪ {t('revision.import')}
      </button>
      <ImportFileInput ref={input} testId="revision-input" onFile={(file) => void importing.start(file)} />
      {(busy || locked || cancelled) && (
        <div className="revision-import" data-testid="revision-import">
          {busy && <ImportStatus progress={job?.progress ?? null} onCancel={importing.cancel} />}
          <ImportPrompts job={importing} />
        </div>
      )}
    </>
  );
}
