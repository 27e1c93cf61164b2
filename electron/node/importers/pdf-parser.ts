import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Pdfjs } from './pdf';

/**
 * pdf.js's parser thread. Starting one costs about 150 ms (a thread, and
 * pdf.js's worker module evaluated in it), more than reading a short PDF:
 * a caller reading many files in a row (the folder check) may keep the
 * thread for the next document. A kept thread serves one document at a
 * time, is given up after any failure (time, memory, a crash: the next
 * document gets a fresh one) and after `MAX_USES` documents.
 */

/**
 * The parser thread: loads pdf.js's worker module and serves the port it is given. pdf.js reports
 * recoverable problems on the console; they are not the user's output, so its console is silent
 * (capturing the thread's stdio instead would keep an idle kept thread's process alive).
 */
const PARSER_THREAD = `
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};
const { workerData } = require('node:worker_threads');
import(workerData.url).then(({ WorkerMessageHandler }) => {
  workerData.port.start();
  WorkerMessageHandler.initializeFromPort(workerData.port);
});
`;

const MAX_USES = 100;

export interface Parser {
  thread: Worker;
  port: MessagePort;
  pdfWorker: InstanceType<Pdfjs['PDFWorker']>;
  keep: boolean;
  uses: number;
}

let idle: Parser | null = null;

function start(pdfjs: Pdfjs, workerUrl: string, heapMb: number, keep: boolean): Parser {
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(PARSER_THREAD, {
    eval: true,
    workerData: { url: workerUrl, port: port2 },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 64 },
  });
  const parser: Parser = { thread, port: port1, pdfWorker: new pdfjs.PDFWorker({ port: port1 as never, verbosity: pdfjs.VerbosityLevel.ERRORS }), keep, uses: 0 };
  // A kept thread that dies between documents is dropped, never left to throw.
  thread.on('error', () => {}).once('exit', () => {
    if (idle === parser) idle = null;
  });
  port1.start();
  return parser;
}

/** A parser for one document: the idle kept one when `keep`, else a fresh one. */
export function acquireParser(pdfjs: Pdfjs, workerUrl: string, heapMb: number, keep: boolean): Parser {
  if (keep && idle) {
    const parser = idle;
    idle = null;
    parser.thread.ref();
    parser.port.ref();
    parser.uses++;
    return parser;
  }
  const parser = start(pdfjs, workerUrl, heapMb, keep);
  parser.uses++;
  return parser;
}

/** After a document: a healthy kept parser waits for the next one; any other is stopped. */
export async function releaseParser(parser: Parser, healthy: boolean): Promise<void> {
  if (parser.keep && healthy && parser.uses < MAX_USES && idle === null) {
    // An idle parser never keeps the process alive.
    parser.thread.unref();
    parser.port.unref();
    idle = parser;
    return;
  }
  parser.port.close();
  await parser.thread.terminate();
}
