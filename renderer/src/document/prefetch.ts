import type { DocumentLayout } from '../../../shared/ipc/views';
import { call } from '../api';

/**
 * The layout and, for a PDF, the original of the review being opened, asked
 * for at once beside `documents.open` rather than one after the other as the
 * views mount: opening a long PDF waits for the slowest, not for the sum.
 * One review at a time (its bytes can be large).
 */
let current: { id: number; layout: Promise<DocumentLayout>; source: Promise<{ bytes: Uint8Array; password?: string }> | null } | null = null;

function entry(id: number) {
  if (current?.id !== id) current = { id, layout: call('documents.layout', { id }), source: null };
  return current;
}

export function prefetchDocument(id: number): void {
  const e = entry(id);
  e.layout.then(
    (layout) => {
      if (layout.kind === 'pdf' && current === e && !e.source) e.source = call('documents.source', { id });
    },
    () => {}, // reported where the layout is used
  );
}

export function layoutOf(id: number): Promise<DocumentLayout> {
  return entry(id).layout;
}

export function sourceOf(id: number): Promise<{ bytes: Uint8Array; password?: string }> {
  const e = entry(id);
  return (e.source ??= call('documents.source', { id }));
}

/** Lets the review's bytes go when it closes. */
export function forgetDocument(id: number): void {
  if (current?.id === id) current = null;
}
