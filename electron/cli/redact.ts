import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Decision } from '../../shared/review/decisions';
import type { StyleChoice } from '../../shared/review/redaction';
import { readAllowListFile, readTermListFile } from '../node/review/term-lists';
import { openWorkspace } from '../node/workspace';
import { UsageError } from './errors';
import { readInputFile } from './scan';
import { cliScanner } from './scanner';
import { actAs } from './users';

const decisionsSchema = z.object({
  decisions: z
    .array(
      z.object({
        id: z.string().min(1),
        decision: z.enum(['accepted', 'rejected', 'accept', 'reject']),
        reason: z.string().max(2000).optional(),
      }),
    )
    .max(1_000_000),
});

function readDecisions(path: string): Map<string, { decision: Decision; reason?: string }> {
  let parsed: z.infer<typeof decisionsSchema>;
  try {
    parsed = decisionsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new AppError('bad_input', `决定文件格式无效：${path}`, `invalid decisions file: ${path}`);
  }
  return new Map(
    parsed.decisions.map((d) => [
      d.id,
      { decision: d.decision.startsWith('accept') ? 'accepted' : 'rejected', ...(d.reason ? { reason: d.reason } : {}) },
    ]),
  );
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

export interface RedactOptions {
  file: string;
  out: string;
  acceptAll: boolean;
  decisionsFile?: string;
  lists: string[];
  allowLists: string[];
  dataDir: string;
  /** Reason recorded when the document carries a secret or attribute marking. */
  overrideMarking?: string;
  /** Opening password of an encrypted PDF. */
  password?: string;
  /** How removed values read in the copy (`--style`). */
  style?: StyleChoice;
  /** Text files in UTF-8 whatever their source encoding (`--utf8`). */
  utf8?: boolean;
  /** The user acting, once accounts exist (`--user`, password in MISHEN_PASSWORD). */
  user?: string;
}

/** Import, scan, decide and export through the same services as the app, all logged. */
export async function redactFile(opts: RedactOptions): Promise<Record<string, unknown>> {
  if (opts.acceptAll === (opts.decisionsFile !== undefined)) {
    throw new UsageError('必须且只能指定 --accept-all 或 --decisions 之一', 'give exactly one of --accept-all or --decisions');
  }
  if (samePath(opts.file, opts.out)) throw new UsageError('输出文件不能覆盖原文件', 'the output must not overwrite the input');
  if (!existsSync(dirname(resolve(opts.out)))) {
    throw new AppError('not_found', `输出目录不存在：${dirname(opts.out)}`, `output folder does not exist: ${dirname(opts.out)}`);
  }
  const bytes = readInputFile(opts.file);
  const lists = opts.lists.map(readTermListFile);
  const decisions = opts.decisionsFile ? readDecisions(opts.decisionsFile) : null;
  const allowLists = opts.allowLists.map(readAllowListFile);
  const ws = openWorkspace(opts.dataDir, { lists: () => lists, allowLists: () => allowLists, scanner: cliScanner() });
  try {
    if (ws.accounts.hasAccounts()) {
      // One command would review, approve and publish: the four-eyes rule forbids exactly that.
      actAs(ws, opts.user, 'review.decide');
      throw new AppError(
        'refused',
        '本机已启用多人审批：审查、审批与导出须由不同的人在应用中依次办理，命令行不能一次完成',
        'accounts exist: reviewing, approving and exporting are done by different people in the app, not in one command',
      );
    }
    let view = await ws.reviews.importFile(basename(opts.file), bytes, opts.password !== undefined ? { password: opts.password } : {});
    const id = view.document.id;
    const groups = new Map<string, string[]>();
    for (const f of view.findings) {
      const d = decisions ? decisions.get(f.id) : { decision: 'accepted' as const };
      if (!d) continue;
      const key = JSON.stringify([d.decision, 'reason' in d ? d.reason : undefined]);
      groups.set(key, [...(groups.get(key) ?? []), f.id]);
    }
    for (const [key, ids] of groups) {
      const [decision, reason] = JSON.parse(key) as [Decision, string | undefined];
      view = ws.reviews.decide(id, ids, decision, reason);
    }
    if (opts.overrideMarking !== undefined) ws.reviews.overrideMarking(id, opts.overrideMarking);
    const exported = await ws.reviews.exportTo(id, resolve(opts.out), { ...(opts.style ? { style: opts.style } : {}), ...(opts.utf8 ? { utf8: true } : {}) });
    return {
      file: opts.file,
      sha256: view.document.sha256,
      format: view.document.format,
      review: id,
      findings: view.findings.length,
      accepted: view.findings.filter((f) => f.decision === 'accepted').length,
      rejected: view.findings.filter((f) => f.decision === 'rejected').length,
      out: exported.path,
      outSha256: exported.sha256,
      redactedSpans: exported.redactedSpans,
      leakCheck: exported.checks,
      redactions: exported.redactions,
    };
  } finally {
    ws.close();
  }
}
