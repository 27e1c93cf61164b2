/**
 * The process the crash test kills: a reviewer and a clerk working without
 * pause over one data folder (single-operator mode). Bundled by
 * crash-loop.test.ts and run as `node child.mjs DATA_DIR OUT_DIR`.
 *
 * Protocol on stdout, one line each, written (synchronously: stdout is a
 * pipe) only after the call it reports has returned:
 *   phase import|decide|submit|export   the next calls belong to this phase
 *   decided <review> <findingId> <decision>
 *   exported <path> <sha256>
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewView } from '../../shared/ipc/views';
import type { Decision } from '../../shared/review/decisions';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { buildDocx } from '../fixtures/docx';
import { noticePdf } from '../fixtures/pdf';
import { NOTICE_TEXT, noticeDocx } from '../fixtures/samples';
import { publicityXlsx } from '../fixtures/xlsx';

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error('usage: child DATA_DIR OUT_DIR');

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Real documents with personal data, so that every import has findings to decide. */
function documentFor(n: number): { name: string; bytes: Uint8Array } {
  const stamp = `文号：密审〔2026〕${n}号`;
  switch (n % 4) {
    case 0:
      return { name: `公示-${n}.txt`, bytes: Buffer.from(`${NOTICE_TEXT}\n${stamp}\n`, 'utf8') };
    case 1:
      return { name: `公示-${n}.docx`, bytes: n % 8 === 1 ? noticeDocx() : buildDocx({ paragraphs: [stamp, ...NOTICE_TEXT.split('\n')] }) };
    case 2:
      return { name: `名单-${n}.xlsx`, bytes: publicityXlsx() };
    default:
      return { name: `通知-${n}.pdf`, bytes: noticePdf() };
  }
}

/**
 * Most findings are redacted; markings that would block export, and about a third of the values,
 * are judged false hits. One value gets one decision wherever it stands (else the leak check
 * would rightly refuse the copy: the value kept in one place is the value redacted in another).
 */
function decisionFor(finding: ReviewView['findings'][number]): Decision {
  if (finding.blocksExport) return 'rejected';
  const value = finding.text.replace(/\D/g, '') || finding.text;
  let h = 0;
  for (const ch of value) h = (h * 31 + ch.codePointAt(0)!) % 1009;
  return h % 3 === 2 ? 'rejected' : 'accepted';
}

function decideAll(ws: Workspace, view: ReviewView): void {
  say('phase decide');
  for (const f of view.findings) {
    if (f.decision !== null) continue;
    const decision = decisionFor(f);
    ws.reviews.decide(view.document.id, [f.id], decision, decision === 'accepted' ? '个人信息，依法脱敏' : '经核对不属于应保护信息');
    say(`decided ${view.document.id} ${f.id} ${decision}`);
  }
}

/** Where the clerk saves a review's copy: one name per review, so a repeated export replaces the earlier file. */
const outPathOf = (view: Pick<ReviewView['document'], 'id' | 'name'>) => join(outDir, `${view.id}-${view.name}`);

async function finish(ws: Workspace, view: ReviewView): Promise<void> {
  const id = view.document.id;
  if (view.document.status === 'in_review') {
    decideAll(ws, view);
    say('phase submit');
    ws.reviews.submit(id, 'partial', '已按规定脱敏，同意公开');
  }
  say('phase export');
  const done = await ws.reviews.exportTo(id, outPathOf(view.document));
  say(`exported ${done.path} ${done.sha256}`);
}

const ws = openWorkspace(dataDir);
// A clerk who comes back after a crash first finishes what was under way: open reviews, submitted
// ones not exported yet, and exports the log records but whose file never got its name.
for (const summary of ws.reviews.list()) {
  const unfinished = summary.status === 'in_review' || summary.status === 'submitted' || (summary.status === 'exported' && !existsSync(outPathOf(summary)));
  if (unfinished) await finish(ws, ws.reviews.open(summary.id));
}
for (let n = ws.reviews.list().length; ; n++) {
  const doc = documentFor(n);
  say('phase import');
  const view = await ws.reviews.importFile(doc.name, doc.bytes);
  await finish(ws, view);
}
