import { join } from 'node:path';
import type { TermList } from '../../shared/rules/term-list';
import { loadOrCreateInstallationKey } from './log/keys';
import { ReviewLog } from './log/review-log';
import { ReviewService } from './review/review-service';
import { ResumePoints } from './review/resume-points';
import { DocumentLayouts } from './review/layout';
import { inProcessScanner, type Scanner } from './scan/scanner';
import { readAllowListFile, readListsFolder, readTermListFile } from './review/term-lists';
import type { AllowList } from '../../shared/rules/allow-list';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { BlobStore } from './storage/blob-store';
import { ensureDataDir } from './storage/data-dir';
import { openDatabase, type Db } from './storage/database';
import { Accounts } from './accounts/accounts';
import type { LogVerification } from '../../shared/log/verify';
import type { ScryptParams } from './accounts/password';
import type { KeyWrap } from './accounts/key-vault';

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
  /** The log verified once, on first read (the app reads it at start-up; CLI commands that never ask pay nothing). */
  readonly startupCheck: LogVerification;
  close(): void;
}

export interface WorkspaceOptions {
  now?: () => Date;
  /** Lists for new scans; by default every `.txt` list in the data folder's `lists/`. */
  lists?: () => TermList[];
  /** Allow-lists for new scans; by default every `.txt` list in the data folder's `allow/`. */
  allowLists?: () => AllowList[];
  /** How scans run: in a worker with a time budget in the app and the CLI, in-process by default. */
  scanner?: Scanner;
  /** scrypt cost for accounts; tests only (the default is strong). */
  accountParams?: Partial<ScryptParams>;
  /** An extra seal around account keys created here (Electron's safeStorage in the app). */
  accountWrap?: KeyWrap;
}

export function openWorkspace(dataDir: string, options: WorkspaceOptions = {}): Workspace {
  const dir = ensureDataDir(dataDir);
  const now = options.now ?? (() => new Date());
  const db = openDatabase(dir);
  try {
    const log = new ReviewLog(db, loadOrCreateInstallationKey(dir), now);
    const blobs = new BlobStore(join(dir, 'blobs'));
    const lists = options.lists ?? (() => readListsFolder(join(dir, 'lists'), readTermListFile));
    const allowLists = options.allowLists ?? (() => readListsFolder(join(dir, 'allow'), readAllowListFile));
    const accounts = new Accounts({
      db,
      now,
      ...(options.accountParams ? { params: options.accountParams } : {}),
      ...(options.accountWrap ? { wrap: options.accountWrap } : {}),
      audit: (action, data) => log.append(action, data),
    });
    const reviews = new ReviewService({
      db,
      blobs,
      log,
      now,
      lists,
      allowLists,
      ruleSet: DEFAULT_RULE_SET,
      scan: options.scanner ?? inProcessScanner,
      requireApproval: () => accounts.hasAccounts(),
    });
    let startupCheck: LogVerification | undefined;
    return {
      dataDir: dir,
      db,
      log,
      reviews,
      layouts: new DocumentLayouts({ db, blobs, reviews }),
      resumePoints: new ResumePoints(db, now),
      accounts,
      get startupCheck() {
        return (startupCheck ??= log.verify());
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
