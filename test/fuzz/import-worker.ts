import { parentPort } from 'node:worker_threads';
import { attachmentText, importDocument } from '../../electron/node/importers';
import { importPdf } from '../../electron/node/importers/pdf';
import { AppError } from '../../shared/errors';
import { scanDocument } from '../../shared/rules/engine';
import type { Imported, Job, Reply, Request, Thrown } from './protocol';

/*
 * The fuzz sandbox's worker thread (bundled by sandbox.ts with esbuild): runs
 * one job at a time, so that the test thread can stop a job that never ends
 * and tell a crash of this thread from an answer.
 */

const port = parentPort!;
let current = -1;

function thrown(err: unknown): Thrown {
  if (err instanceof AppError) {
    return { appError: true, name: err.name, message: err.message, stack: err.stack, code: err.code, messageZh: err.messageZh, messageEn: err.messageEn };
  }
  if (err instanceof Error) return { appError: false, name: err.name, message: err.message, stack: err.stack };
  return { appError: false, name: typeof err, message: String(err) };
}

const post = (reply: Reply): void => port.postMessage(reply);

for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (err: unknown) => {
    post({ id: current, type: 'fatal', error: { ...thrown(err), name: `${event}: ${thrown(err).name}` } });
  });
}

const isPdf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;

async function run(id: number, job: Job): Promise<Imported | { findings: unknown[]; suppressed: unknown[] }> {
  switch (job.op) {
    case 'import': {
      if (!isPdf(job.bytes)) return importDocument(job.name, job.bytes);
      // importDocumentAsync's call, with the fuzz budget and progress for the hang detector.
      const doc = await importPdf(job.bytes, {
        password: job.password,
        budgetMs: job.pdfBudgetMs,
        keepParser: true,
        readAttachment: attachmentText,
        onProgress: (_page, pages) => post({ id, type: 'pages', pages }),
      });
      const { pdf, ...rest } = doc;
      return { ...(rest as unknown as Imported), glyphBoxes: pdf.glyphBoxes.length };
    }
    case 'scan': {
      const { findings, suppressed } = scanDocument(job.text, job.options);
      return { findings, suppressed };
    }
    case 'spin':
      for (;;);
  }
}

port.on('message', (req: Request) => {
  current = req.id;
  run(req.id, req).then(
    (value) => post({ id: req.id, type: 'done', value: value as Imported }),
    (err: unknown) => post({ id: req.id, type: 'threw', error: thrown(err) }),
  );
});
