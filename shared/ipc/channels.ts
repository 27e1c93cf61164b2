/**
 * The channel names alone, so that the preload can allow exactly these
 * without bundling the validators. `contract.ts` must define each of them.
 */
export const CHANNELS = [
  'app.info',
  'session.current',
  'session.signIn',
  'session.signOut',
  'accounts.list',
  'accounts.create',
  'accounts.setDisabled',
  'settings.get',
  'settings.setSelfApproval',
  'session.changePassword',
  'documents.list',
  'documents.import',
  'documents.open',
  'documents.layout',
  'documents.pageGlyphs',
  'documents.source',
  'review.resumePoint',
  'review.setResumePoint',
  'jobs.progress',
  'jobs.cancel',
  'review.decide',
  'review.addManual',
  'review.removeManual',
  'review.submit',
  'review.override',
  'review.approve',
  'review.return',
  'review.preview',
  'review.export',
  'log.verify',
  'review.record',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** Prefix of every Electron IPC channel name, so no foreign channel is ever answered. */
export const IPC_PREFIX = 'mishen:';
