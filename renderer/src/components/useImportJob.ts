import { useState } from 'react';
import type { ImportProgress, ReviewView } from '../../../shared/ipc/views';
import { ApiError, call } from '../api';

/** The files the importers read, for the file choosers. */
export const IMPORT_ACCEPT = '.docx,.xlsx,.pdf,.txt,.csv,.tsv,.md,.html,.htm';

/** How often a running import is asked for its progress. */
const POLL_MS = 200;

/** Sends the file under a job id (`documents.import`, `documents.importRevision`). */
export type SendImport = (request: { name: string; bytes: Uint8Array<ArrayBuffer>; jobId: string; password?: string }) => Promise<ReviewView>;

/** An encrypted PDF waiting for its password. */
export interface LockedImport {
  file: File;
  wrong: boolean;
}

/**
 * An import the window follows: progress polled through `jobs.progress`,
 * cancelled through `jobs.cancel`, an encrypted PDF held back for its
 * password, a cancelled one named in `cancelled`.
 */
export function useImportJob(send: SendImport, onDone: (view: ReviewView) => void, onError: (err: unknown) => void) {
  const [job, setJob] = useState<{ id: string; progress: ImportProgress } | null>(null);
  const [locked, setLocked] = useState<LockedImport | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);

  async function start(file: File, password?: string): Promise<void> {
    const jobId = crypto.randomUUID();
    setCancelled(null);
    setJob({ id: jobId, progress: { stage: 'read', done: 0, total: 0, cancelled: false } });
    const poll = window.setInterval(() => {
      call('jobs.progress', { jobId }).then(
        ({ progress }) => progress && setJob((j) => (j?.id === jobId ? { id: jobId, progress } : j)),
        () => {},
      );
    }, POLL_MS);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const view = await send({ name: file.name, bytes, jobId, ...(password ? { password } : {}) });
      setLocked(null);
      onDone(view);
    } catch (err) {
      if (err instanceof ApiError && err.data.code === 'password_required') setLocked({ file, wrong: password !== undefined });
      else if (err instanceof ApiError && err.data.code === 'cancelled') setCancelled(file.name);
      else onError(err);
    } finally {
      window.clearInterval(poll);
      setJob(null);
    }
  }

  function cancel(): void {
    if (!job) return;
    setJob({ ...job, progress: { ...job.progress, cancelled: true } });
    call('jobs.cancel', { jobId: job.id }).catch(onError);
  }

  return { job, busy: job !== null, locked, cancelled, start, cancel };
}

export type ImportJobState = ReturnType<typeof useImportJob>;
