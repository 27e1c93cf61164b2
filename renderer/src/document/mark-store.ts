import { createContext, useContext, useSyncExternalStore } from 'react';
import { MarkIndex, NO_MARKS } from './marks';

/**
 * The marks of the open review, held outside React's props: every drawn
 * range subscribes with its own signature, so a decision or a move of the
 * selection redraws the few ranges it touches, not a 1,000-page document.
 */
export class MarkStore {
  private index = new MarkIndex(NO_MARKS);
  private readonly listeners = new Set<() => void>();

  get(): MarkIndex {
    return this.index;
  }

  set(index: MarkIndex): void {
    this.index = index;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const MarkStoreContext = createContext<MarkStore>(new MarkStore());

/** The marks, re-rendering the caller only when those over [from, to) change. */
export function useMarks(from: number, to: number): MarkIndex {
  const store = useContext(MarkStoreContext);
  useSyncExternalStore(store.subscribe, () => store.get().signature(from, to));
  return store.get();
}
