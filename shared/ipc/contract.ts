import { z } from 'zod';
import { DISCLOSURE_ATTRIBUTES } from '../review/decisions';
import type { Channel } from './channels';
import type { AccountSummary, AppInfo, DocumentLayout, DocumentSummary, ExportPreview, ExportResult, ImportProgress, LogReport, PdfPageGlyphs, ResumePoint, ReviewRecord, ReviewView, SessionView } from './views';
import { REDACTION_STYLES } from '../review/styles';
import { CATEGORIES } from '../rules/finding';

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
  | 'account.manage';

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
  'documents.import': channel<ReviewView>()({
    request: z
      .object({
        name: z.string().min(1).max(255),
        bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_IMPORT_BYTES, '文件过大'),
        /** Opening password of an encrypted PDF, when the first attempt asked for one. */
        password: z.string().min(1).max(1000).optional(),
        jobId: jobId.optional(),
      })
      .strict(),
    permission: 'document.import',
  }),
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
} satisfies { [C in Channel]: ChannelSpec<unknown> };

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = NonNullable<Contract[C]['response']>;

/** Every channel's handler: a missing one is a compile error wherever handlers are registered. */
export type Handlers<Ctx> = { [C in Channel]: (request: RequestOf<C>, ctx: Ctx) => Promise<ResponseOf<C>> };
