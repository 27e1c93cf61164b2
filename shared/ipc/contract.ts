import { z } from 'zod';
import { DISCLOSURE_ATTRIBUTES } from '../review/decisions';
import type { Channel } from './channels';
import type { AccountSummary, AppInfo, DocumentLayout, ListDetail, ListImportPreview, ListSummary, RescanResult, RuleSetDetail, RulePackPreview, RuleTestResult, TrustedKey, VersionDiff, DocumentSummary, ExportPreview, ExportResult, ImportProgress, LogReport, PdfPageGlyphs, ResumePoint, ReviewRecord, ReviewView, SessionView } from './views';
import { REDACTION_STYLES } from '../review/styles';
import { CATEGORIES } from '../rules/finding';
import { BATCH_FILE_STATUSES, BATCH_NEEDS } from '../batch/result';
import type { BatchProgress, BatchReportPage, BatchRunInfo } from './views';
import type { RetentionDue, RetentionStatus } from './views';

/** What a caller must be allowed to do; checked in main for every call. */
export type Permission =
  | 'app.read'
  | 'document.read'
  | 'document.import'
  | 'review.decide'
  | 'review.submit'
  | 'review.override'
  | 'document.export'
  | 'log.read'
  | 'review.approve'
  | 'account.manage'
  /** Build, import, version and move the office's lists and rules (administrators). */
  | 'rules.manage'
  /** Back up the data folder and set how long stored originals are kept (administrators). */
  | 'data.manage';

/** Largest file accepted over IPC; larger drafts are not documents but archives. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

const reviewId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const empty = z.object({}).strict();
/** Names an import so the window can follow and cancel it (a random UUID made by the renderer). */
const jobId = z.uuid();

interface ChannelSpec<Res> {
  request: z.ZodType;
  permission: Permission;
  /** Phantom: carries the response type; never read at run time. */
  response?: Res;
}

const style = z.enum(REDACTION_STYLES);
/** How removed values read in the copy: one style, optionally another per category. */
const styleChoice = z.object({ style, byCategory: z.partialRecord(z.enum([...CATEGORIES, 'manual']), style).optional() }).strict();
const exportRequest = z
  .object({
    id: reviewId,
    style: styleChoice.optional(),
    /** Opening password of an encrypted PDF original. */
    password: z.string().min(1).max(1000).optional(),
    /** Publish a DOCX as PDF (laid out by the app's own engine). */
    asPdf: z.boolean().optional(),
    /** Write a text file in UTF-8 whatever its source encoding. */
    utf8: z.boolean().optional(),
    /** Names the job so the window can show its progress and cancel it (`jobs.progress`, `jobs.cancel`). */
    jobId: jobId.optional(),
  })
  .strict();

const importRequest = z
  .object({
    name: z.string().min(1).max(255),
    bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_IMPORT_BYTES, '文件过大'),
    /** Opening password of an encrypted PDF, when the first attempt asked for one. */
    password: z.string().min(1).max(1000).optional(),
    jobId: jobId.optional(),
  })
  .strict();

const listId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const version = z.number().int().nonnegative().max(1_000_000);
const category = z.enum(CATEGORIES);
/** Text a person types: a line, trimmed by the service. */
const line = (max: number) => z.string().max(max);
export const listMeta = z.object({ name: z.string().min(1).max(100), category, basis: z.string().min(1).max(500), owner: line(100), enabled: z.boolean() }).strict();
export const termEntry = z.object({ term: z.string().min(1).max(200), note: line(500), disabled: z.boolean() }).strict();
/** Largest list file accepted for import (the 51k-term list is about 1 MB). */
export const MAX_LIST_FILE_BYTES = 32 * 1024 * 1024;
/** Largest rule pack accepted. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;
const listImport = z
  .object({
    id: listId,
    fileName: z.string().min(1).max(255),
    bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_LIST_FILE_BYTES, '文件过大'),
    /** `merge` adds the file's terms; `replace` makes the list exactly the file. */
    mode: z.enum(['merge', 'replace']),
  })
  .strict();
export const customRule = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    name: z.string().min(1).max(100),
    pattern: z.string().min(1).max(1000),
    flags: z.enum(['', 'i']),
    type: z.string().min(1).max(40),
    category,
    score: z.number().min(0).max(1),
    contextWords: z.array(z.string().min(1).max(40)).max(200),
    contextBoost: z.number().min(0).max(1),
    basis: z.string().min(1).max(500),
    enabled: z.boolean(),
  })
  .strict();
const batchRun = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const packBytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_PACK_BYTES, '文件过大');

/** Binds a response type to a channel's request schema and permission. */
function channel<Res>() {
  return <S extends z.ZodType>(spec: { request: S; permission: Permission }): { request: S; permission: Permission; response?: Res } =>
    spec;
}

export const contract = {
  'app.info': channel<AppInfo>()({ request: empty, permission: 'app.read' }),
  'session.current': channel<SessionView>()({ request: empty, permission: 'app.read' }),
  'session.signIn': channel<SessionView>()({
    request: z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict(),
    permission: 'app.read',
  }),
  'session.signOut': channel<SessionView>()({ request: empty, permission: 'app.read' }),
  'accounts.list': channel<AccountSummary[]>()({ request: empty, permission: 'account.manage' }),
  'accounts.create': channel<AccountSummary>()({
    request: z
      .object({
        name: z.string().min(1).max(64),
        displayName: z.string().min(1).max(64),
        roles: z.array(z.enum(['reviewer', 'approver', 'clerk', 'auditor', 'administrator'])).min(1).max(5),
        password: z.string().min(10).max(1024),
      })
      .strict(),
    permission: 'account.manage',
  }),
  'accounts.setDisabled': channel<AccountSummary>()({
    request: z.object({ name: z.string().min(1).max(64), disabled: z.boolean() }).strict(),
    permission: 'account.manage',
  }),
  'settings.get': channel<{ allowSelfApproval: boolean }>()({ request: empty, permission: 'account.manage' }),
  'settings.setSelfApproval': channel<{ allowSelfApproval: boolean }>()({ request: z.object({ allowed: z.boolean() }).strict(), permission: 'account.manage' }),
  'session.changePassword': channel<SessionView>()({
    request: z.object({ oldPassword: z.string().min(1).max(1024), newPassword: z.string().min(10).max(1024) }).strict(),
    permission: 'app.read',
  }),
  'documents.list': channel<DocumentSummary[]>()({ request: empty, permission: 'document.read' }),
  'documents.import': channel<ReviewView>()({ request: importRequest, permission: 'document.import' }),
  /** A new draft of review `of`'s document, imported as a new review that carries the unchanged decisions over. */
  'documents.importRevision': channel<ReviewView>()({ request: importRequest.extend({ of: reviewId }).strict(), permission: 'document.import' }),
  'documents.open': channel<ReviewView>()({ request: z.object({ id: reviewId }).strict(), permission: 'document.read' }),
  'documents.layout': channel<DocumentLayout>()({ request: z.object({ id: reviewId }).strict(), permission: 'document.read' }),
  'documents.pageGlyphs': channel<PdfPageGlyphs>()({
    request: z.object({ id: reviewId, page: z.number().int().positive().max(100_000) }).strict(),
    permission: 'document.read',
  }),
  'review.resumePoint': channel<{ point: ResumePoint | null }>()({ request: empty, permission: 'document.read' }),
  'review.setResumePoint': channel<{ point: ResumePoint | null }>()({
    request: z.object({ point: z.object({ review: reviewId, finding: z.string().min(1).max(100).nullable() }).strict().nullable() }).strict(),
    permission: 'document.read',
  }),
  /** The reviewed original's bytes, for the PDF page view (PDF reviews only). */
  'documents.source': channel<{ bytes: Uint8Array; password?: string }>()({ request: z.object({ id: reviewId }).strict(), permission: 'document.read' }),
  'jobs.progress': channel<{ progress: ImportProgress | null }>()({ request: z.object({ jobId }).strict(), permission: 'document.import' }),
  'jobs.cancel': channel<{ cancelled: boolean }>()({ request: z.object({ jobId }).strict(), permission: 'document.import' }),
  'review.decide': channel<ReviewView>()({
    request: z
      .object({
        id: reviewId,
        findingIds: z.array(z.string().min(1).max(100)).min(1).max(100_000),
        /** `undecided` takes a decision back (undo); it is logged like any other. */
        decision: z.enum(['accepted', 'rejected', 'undecided']),
        reason: z.string().max(2000).optional(),
      })
      .strict(),
    permission: 'review.decide',
  }),
  'review.addManual': channel<ReviewView>()({
    request: z
      .object({
        id: reviewId,
        /** One span for a selection, many for search-and-redact; logged as one entry. */
        spans: z
          .array(z.object({ start: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), end: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict())
          .min(1)
          .max(10_000),
        reason: z.string().min(2).max(2000),
        basis: z.string().min(1).max(500),
      })
      .strict(),
    permission: 'review.decide',
  }),
  'review.removeManual': channel<ReviewView>()({
    request: z.object({ id: reviewId, manualId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(),
    permission: 'review.decide',
  }),
  'review.submit': channel<ReviewView>()({
    request: z
      .object({ id: reviewId, attribute: z.enum(DISCLOSURE_ATTRIBUTES), opinion: z.string().max(5000) })
      .strict(),
    permission: 'review.submit',
  }),
  'review.override': channel<ReviewView>()({
    request: z.object({ id: reviewId, reason: z.string().min(4).max(2000) }).strict(),
    permission: 'review.override',
  }),
  'review.preview': channel<ExportPreview>()({ request: exportRequest, permission: 'document.export' }),
  'review.approve': channel<ReviewView>()({ request: z.object({ id: reviewId, opinion: z.string().max(5000) }).strict(), permission: 'review.approve' }),
  'review.return': channel<ReviewView>()({ request: z.object({ id: reviewId, reason: z.string().min(2).max(2000) }).strict(), permission: 'review.approve' }),
  'review.export': channel<ExportResult>()({ request: exportRequest, permission: 'document.export' }),
  'log.verify': channel<LogReport>()({
    request: z.object({ review: reviewId.optional(), actor: z.string().min(1).max(64).optional() }).strict(),
    permission: 'log.read',
  }),
  'review.record': channel<ReviewRecord>()({ request: z.object({ id: reviewId }).strict(), permission: 'log.read' }),
  /** Scans the review's text again under the current lists and rules; decisions of unchanged findings are kept. */
  'review.rescan': channel<RescanResult>()({ request: z.object({ id: reviewId }).strict(), permission: 'review.decide' }),
  'rules.lists': channel<ListSummary[]>()({ request: empty, permission: 'rules.manage' }),
  /** Deleted lists (their history kept); `rules.changeList` with `deleted: false` restores one. */
  'rules.deletedLists': channel<ListSummary[]>()({ request: empty, permission: 'rules.manage' }),
  'rules.list': channel<ListDetail>()({ request: z.object({ id: listId, version: version.optional() }).strict(), permission: 'rules.manage' }),
  'rules.createList': channel<ListDetail>()({ request: z.object({ kind: z.enum(['negative', 'allow']), meta: listMeta, note: line(500) }).strict(), permission: 'rules.manage' }),
  /** One change, one new version: metadata, terms added or edited (by term), terms removed. Refused when the list moved on since `expectedVersion`. */
  'rules.changeList': channel<ListDetail>()({
    request: z
      .object({
        id: listId,
        expectedVersion: version,
        meta: listMeta.partial().optional(),
        upsert: z.array(termEntry).max(200_000).optional(),
        remove: z.array(z.string().min(1).max(200)).max(200_000).optional(),
        /** Removes the list (kept in the history, no longer used). */
        deleted: z.boolean().optional(),
        note: line(500),
      })
      .strict(),
    permission: 'rules.manage',
  }),
  'rules.previewImport': channel<ListImportPreview>()({ request: listImport, permission: 'rules.manage' }),
  'rules.applyImport': channel<ListDetail>()({ request: listImport.extend({ expectedVersion: version, note: line(500) }).strict(), permission: 'rules.manage' }),
  'rules.exportList': channel<{ cancelled: true } | { cancelled: false; path: string; terms: number }>()({
    request: z.object({ id: listId, version: version.optional(), format: z.enum(['txt', 'csv', 'xlsx']) }).strict(),
    permission: 'rules.manage',
  }),
  'rules.diffList': channel<VersionDiff>()({ request: z.object({ id: listId, from: version, to: version }).strict(), permission: 'rules.manage' }),
  'rules.ruleSet': channel<RuleSetDetail>()({ request: empty, permission: 'rules.manage' }),
  'rules.saveRuleSet': channel<RuleSetDetail>()({
    request: z
      .object({ expectedVersion: version, customRules: z.array(customRule).max(500), disabledDetectors: z.array(z.string().min(1).max(100)).max(200), note: line(500) })
      .strict(),
    permission: 'rules.manage',
  }),
  'rules.diffRuleSet': channel<VersionDiff>()({ request: z.object({ from: version, to: version }).strict(), permission: 'rules.manage' }),
  /** Tries a rule on sample text or on a review's text, with a time budget. */
  'rules.testRule': channel<RuleTestResult>()({
    request: z.object({ rule: customRule, text: z.string().max(2_000_000).optional(), reviewId: reviewId.optional() }).strict(),
    permission: 'rules.manage',
  }),
  /** Writes the chosen lists (and the office's rule set) as one pack signed by the signed-in administrator's key. */
  'rules.exportPack': channel<{ cancelled: true } | { cancelled: false; path: string; sha256: string; signer: string }>()({
    request: z.object({ listIds: z.array(listId).max(1000), includeRules: z.boolean(), note: line(500) }).strict(),
    permission: 'rules.manage',
  }),
  'rules.previewPack': channel<RulePackPreview>()({ request: z.object({ bytes: packBytes }).strict(), permission: 'rules.manage' }),
  'rules.importPack': channel<RulePackPreview>()({ request: z.object({ bytes: packBytes }).strict(), permission: 'rules.manage' }),
  'rules.trustedKeys': channel<TrustedKey[]>()({ request: empty, permission: 'rules.manage' }),
  'rules.trustKey': channel<TrustedKey[]>()({ request: z.object({ publicKeyPem: z.string().min(1).max(4000), label: z.string().min(1).max(100) }).strict(), permission: 'rules.manage' }),
  'rules.untrustKey': channel<TrustedKey[]>()({ request: z.object({ fingerprint: z.string().min(1).max(200) }).strict(), permission: 'rules.manage' }),
  /** The key this workstation's packs are signed with (the signed-in administrator's), to be trusted elsewhere. */
  'rules.signingKey': channel<{ fingerprint: string; publicKeyPem: string }>()({ request: empty, permission: 'rules.manage' }),
  /** Checks a folder (批量检查): chosen in a dialog in main, or `dir` of an earlier check (continued or checked again). */
  'batch.start': channel<{ cancelled: true } | { cancelled: false; run: number; continued: boolean }>()({
    request: z.object({ dir: z.string().min(1).max(4096).optional(), jobs: z.number().int().min(1).max(8).optional() }).strict(),
    permission: 'document.import',
  }),
  'batch.progress': channel<BatchProgress>()({ request: z.object({ run: batchRun }).strict(), permission: 'document.import' }),
  'batch.cancel': channel<{ cancelled: boolean }>()({ request: z.object({ run: batchRun }).strict(), permission: 'document.import' }),
  'batch.runs': channel<BatchRunInfo[]>()({ request: empty, permission: 'document.import' }),
  'batch.report': channel<BatchReportPage>()({
    request: z
      .object({
        run: batchRun,
        offset: z.number().int().nonnegative().max(10_000_000),
        limit: z.number().int().min(1).max(500),
        status: z.enum(BATCH_FILE_STATUSES).optional(),
        /** `any`: files a person must look at (not read, or not fully). */
        need: z.enum([...BATCH_NEEDS, 'any']).optional(),
        summary: z.boolean().optional(),
      })
      .strict(),
    permission: 'document.import',
  }),
  /** Imports a file of a check's report into a review (a path the check listed, inside its folder). */
  'batch.openFile': channel<ReviewView>()({
    request: z.object({ run: batchRun, path: z.string().min(1).max(4096), password: z.string().min(1).max(1000).optional() }).strict(),
    permission: 'document.import',
  }),
  /** Saves the check's report (self-contained HTML, or CSV) where the user chooses. */
  'batch.saveReport': channel<{ cancelled: true } | { cancelled: false; path: string }>()({
    request: z.object({ run: batchRun, format: z.enum(['html', 'csv']) }).strict(),
    permission: 'document.import',
  }),
  /**
   * Backs up the data folder (database, originals, keys, lists) into a new folder inside one the user chooses in a
   * dialog in main; a cancelled dialog is the error `cancelled`. `sha256` is the manifest's.
   */
  'data.backup': channel<{ path: string; files: number; bytes: number; logEntries: number; headHash: string; sha256: string }>()({ request: empty, permission: 'data.manage' }),
  /** How long stored originals of finished reviews are kept (null: for ever), what a run would delete now, what was deleted. */
  'data.retention.get': channel<RetentionStatus>()({ request: empty, permission: 'data.manage' }),
  /** Changes the setting (logged); whole days from 1 to 3650, or null to keep originals for ever. */
  'data.retention.set': channel<RetentionStatus>()({
    request: z.object({ days: z.number().int().min(1).max(3650).nullable() }).strict(),
    permission: 'data.manage',
  }),
  /** Deletes what is due now under the setting (logged), and tells what was deleted. */
  'data.retention.apply': channel<{ run: RetentionDue; status: RetentionStatus }>()({ request: empty, permission: 'data.manage' }),
} satisfies { [C in Channel]: ChannelSpec<unknown> };

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = NonNullable<Contract[C]['response']>;

/** Every channel's handler: a missing one is a compile error wherever handlers are registered. */
export type Handlers<Ctx> = { [C in Channel]: (request: RequestOf<C>, ctx: Ctx) => Promise<ResponseOf<C>> };
