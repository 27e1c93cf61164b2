import { useEffect, useState } from 'react';
import { findAll, type Hit } from './marks';

/** A regular expression that has not finished in this time is abandoned (it would freeze the window if run in it). */
export const REGEX_BUDGET_MS = 2_000;

export type SearchResult = Hit[] | { error: 'pattern' | 'slow' };

/**
 * Hits of a search in the document text. Plain text is searched at once in
 * the window (linear); a regular expression runs in a worker that is
 * terminated when it outlives its budget.
 */
export function useSearch(text: string, query: string, regex: boolean): SearchResult {
  const [result, setResult] = useState<SearchResult>([]);
  useEffect(() => {
    if (!query) return setResult([]);
    if (!regex) {
      const found = findAll(text, query, false);
      return setResult(Array.isArray(found) ? found : { error: 'pattern' });
    }
    const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      worker.terminate();
      setResult({ error: 'slow' });
    }, REGEX_BUDGET_MS);
    worker.onmessage = (e: MessageEvent<Hit[] | { error: string }>) => {
      clearTimeout(timer);
      worker.terminate();
      setResult(Array.isArray(e.data) ? e.data : { error: 'pattern' });
    };
    worker.postMessage({ text, query });
    return () => {
      clearTimeout(timer);
      worker.terminate();
    };
  }, [text, query, regex]);
  return result;
}
