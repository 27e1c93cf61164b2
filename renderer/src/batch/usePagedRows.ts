import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { BatchFileRow } from '../../../shared/ipc/views';
import type { RequestOf } from '../../../shared/ipc/contract';
import { call } from '../api';

export const PAGE = 200;

export type RowFilter = Pick<RequestOf<'batch.report'>, 'status' | 'need'>;

/**
 * The rows of a report, fetched a page at a time as the table scrolls to
 * them (a folder may hold a hundred thousand files). A change of filter
 * starts over; answers for an earlier filter are dropped.
 */
export function usePagedRows(run: number, filter: RowFilter, onError: (err: unknown) => void) {
  const pages = useRef(new Map<number, BatchFileRow[] | 'loading'>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const { status, need } = filter;

  const load = useCallback(
    (page: number) => {
      if (pages.current.has(page)) return;
      pages.current.set(page, 'loading');
      const gen = generation.current;
      call('batch.report', { run, offset: page * PAGE, limit: PAGE, ...(status ? { status } : {}), ...(need ? { need } : {}) }).then((r) => {
        if (gen !== generation.current) return;
        pages.current.set(page, r.rows);
        setTotal(r.total);
        redraw();
      }, onError);
    },
    [run, status, need, onError],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    setTotal(null);
    load(0);
  }, [load]);

  const row = (index: number): BatchFileRow | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE));
    return Array.isArray(page) ? page[index % PAGE] : undefined;
  };
  const ensure = useCallback((index: number) => load(Math.floor(index / PAGE)), [load]);
  return { total, row, ensure };
}
