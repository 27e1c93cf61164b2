import { join } from 'node:path';
import type { TermList } from '../../shared/rules/term-list';
import { loadOrCreateInstallationKey } from './log/keys';
import { ReviewLog } from './log/review-log';
import { ReviewService } from './review/review-service';
import { ResumePoints } from './review/resume-points';
import { Retention } from './review/retention';
import { DocumentLayouts } from './review/layout';
import { inProcessScanner, type Scanner } from './scan/scanner';
import { ListStore } from './rules/list-store';
import { RuleSetStore } from './rules/rule-set-store';
import type { AllowList } from '../../shared/rules/allow-list';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { BlobStore } from './storage/blob-store';
import { ensureDataDir } from './storage/data-dir';
import { PendingWrites } from './storage/pending-writes';
import { openDatabase, type Db } from './storage/database';
import { Accounts } from './accounts/accounts';
import type { LogVerification } from '../../shared/log/verify';
import type { ScryptParams } from './accounts/password';
import type { KeyWrap } from './accounts/key-vault';
import { BatchService } from './batch/batch-service';
import { BatchStore } from './batch/batch-store';
import { batchRules } from './batch/rules';

/** Everything the app and the CLI use, opened over one data folder. */
export interface Workspace {
  dataDir: string;
  db: Db;
  log: ReviewLog;
  reviews: ReviewService;
  /** The document view's layouts (DOCX HTML, sheets, PDF pages and glyph boxes) of reviews. */
  layouts: DocumentLayouts;
  /** Where each person was in a review, for reopening it after a crash or restart. */
  resumePoints: ResumePoints;
  /** Local accounts; none means single-operator mode. */
  accounts: Accounts;
  /** The office's negative lists and allow-lists (database, versioned) beside the data folder's file lists. */
  termLists: ListStore;
  /** The office's rule set: custom rules and built-in detectors switched off, versioned; every new scan uses its current version. */
  ruleSets: RuleSetStore;
  /** Folder checks (批量检查) under the current lists and rules. */
  batch: BatchService;
  /** How long stored originals of finished reviews are kept, and their deletion (数据管理). */
  retention: Retention;
  /** Files being written to folders the user chose (exports, lists, packs), journalled so a crash's leftovers are removed on open. */
  pendingWrites: PendingWrites;
  /** The log verified once, on first read (the app reads it at start-up; CLI commands that never ask pay nothing). */
  readonly startupCheck: LogVerification;
  close(): void;
}

export interface WorkspaceOptions {
  now?: () => Date;
  /** Lists for new scans instead of the office's (tests, the CLI's `--list`); by default the `.txt` lists in the data folder's `lists/` and the enabled lists in the database. */
  lists?: () => TermList[];
  /** Allow-lists for new scans instead of the office's; by default `allow/*.txt` and the database's. */
  allowLists?: () => AllowList[];
  /** How scans run: in a worker with a time budget in the app and the CLI, in-process by default. */
  scanner?: Scanner;
  /** scrypt cost for accounts; tests only (the default is strong). */
  accountParams?: Partial<ScryptParams>;
  /** An extra seal around account keys created here (Electron's safeStorage in the app). */
  accountWrap?: KeyWrap;
  /** The built folder-check worker (out/main/batch-worker.js); files are checked on this thread without it. */
  batchWorker?: URL;
}

export function openWorkspace(dataDir: string, options: WorkspaceOptions = {}): Workspace {
  const dir = ensureDataDir(dataDir);
  const pendingWrites = new PendingWrites(join(dir, 'pending-writes'));
  pendingWrites.recover(); // half-written files of a killed process, before a clerk can pick one up
  const now = options.now ?? (() => new Date());
  const db = openDatabase(dir);
  try {
    const log = new ReviewLog(db, loadOrCreateInstallationKey(dir), now);
    const blobs = new BlobStore(join(dir, 'blobs'));
    blobs.sweepIncoming();
    const termLists = new ListStore({ db, log, now, dataDir: dir });
    const lists = options.lists ?? (() => termLists.active().lists);
    const allowLists = options.allowLists ?? (() => termLists.active().allowLists);
    const accounts = new Accounts({
      db,
      now,
      ...(options.accountParams ? { params: options.accountParams } : {}),
      ...(options.accountWrap ? { wrap: options.accountWrap } : {}),
      audit: (action, data) => log.append(action, data),
    });
    const scan = options.scanner ?? inProcessScanner;
    const ruleSets = new RuleSetStore({ db, log, now, scan });
    const reviews = new ReviewService({
      db,
      blobs,
      log,
      now,
      lists,
      allowLists,
      ruleSet: DEFAULT_RULE_SET,
      overlay: () => ruleSets.overlay(),
      scan,
      requireApproval: () => accounts.hasAccounts(),
      pendingWrites,
    });
    let startupCheck: LogVerification | undefined;
    const batch = new BatchService({
      store: new BatchStore(db, now),
      rules: () => batchRules({ termLists, ruleSets }, { lists: lists(), allowLists: allowLists() }),
      now,
      workerFile: options.batchWorker,
      onError: (err) => console.error('[batch]', err),
    });
    return {
      dataDir: dir,
      pendingWrites,
      db,
      log,
      reviews,
      layouts: new DocumentLayouts({ db, blobs, reviews }),
      resumePoints: new ResumePoints(db, now),
      accounts,
      termLists,
      ruleSets,
      batch,
      retention: new Retention({ db, blobs, log, now, reviews }),
      get startupCheck() {
        return (startupCheck ??= log.verify());
      },
      close: () => {
        batch.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
