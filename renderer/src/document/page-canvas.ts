import type { PDFDocumentProxy, PageViewport, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState, type RefObject } from 'react';

interface Job {
  alive(): boolean;
  run(): Promise<void>;
}

/**
 * Pages are drawn one at a time, the most recently asked first: while the
 * reviewer flicks through a long document, pages that scrolled past before
 * their turn are never drawn, and the one in view is not kept waiting
 * behind them (pdf.js's own viewer queues its renders the same way).
 */
const queue: Job[] = [];
let busy = false;

function pump(): void {
  if (busy) return;
  let job: Job | undefined;
  while ((job = queue.pop()) && !job.alive());
  if (!job) return;
  busy = true;
  void job.run().finally(() => {
    busy = false;
    pump();
  });
}

/** Draws page `n` into a canvas at `scale` (CSS pixels) and the screen's pixel density, through the queue. */
export function usePageCanvas(doc: PDFDocumentProxy, n: number, scale: number): { canvas: RefObject<HTMLCanvasElement | null>; viewport: PageViewport | null } {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState<PageViewport | null>(null);
  useEffect(() => {
    let task: RenderTask | null = null;
    let gone = false;
    // The viewport first (highlights need it), without waiting for the queue.
    void doc.getPage(n).then((page) => {
      if (!gone) setViewport(page.getViewport({ scale }));
    });
    queue.push({
      alive: () => !gone,
      run: async () => {
        const page = await doc.getPage(n);
        const c = canvas.current;
        if (gone || !c) return;
        const dpr = window.devicePixelRatio || 1;
        const vp = page.getViewport({ scale: scale * dpr });
        c.width = Math.floor(vp.width);
        c.height = Math.floor(vp.height);
        task = page.render({ canvas: c, viewport: vp });
        await task.promise.catch(() => {}); // cancelled on scroll-away or zoom
      },
    });
    pump();
    return () => {
      gone = true;
      task?.cancel();
    };
  }, [doc, n, scale]);
  return { canvas, viewport };
}
