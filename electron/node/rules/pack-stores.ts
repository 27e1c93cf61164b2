import { AppError } from '../../../shared/errors';
import type { ListDetail, ListMeta } from '../../../shared/ipc/views';
import type { ExistingList } from '../../../shared/rules/pack-plan';
import type { ReviewLog } from '../log/review-log';
import type { Db } from '../storage/database';
import type { ListStore } from './list-store';
import type { RuleSetStore } from './rule-set-store';
import type { TrustedKeys } from './trusted-keys';

/** What rule packs need of the list store. */
export type PackListStore = Pick<ListStore, 'summaries' | 'detail' | 'byName' | 'create' | 'replace'>;

/** What rule packs need of the rule-set store. */
export type PackRuleStore = Pick<RuleSetStore, 'detail' | 'replace'>;

export interface PackDeps {
  db: Db;
  log: ReviewLog;
  lists: PackListStore;
  rules: PackRuleStore;
  trusted: TrustedKeys;
  now: () => Date;
  /** Accounts exist: then only a signed-in user may sign or import a pack. */
  hasAccounts: () => boolean;
}

export function metaOf(list: ListMeta): ListMeta {
  return { name: list.name, category: list.category, basis: list.basis, owner: list.owner, enabled: list.enabled };
}

/** A stored list as the import plan sees it: shipped and file lists are read-only. */
export function existingList(detail: ListDetail): ExistingList {
  return { id: detail.list.id, version: detail.list.version, readOnly: detail.list.builtin || detail.list.file !== null, meta: metaOf(detail.list), terms: detail.terms };
}

/**
 * Who acts on a pack: the signed-in user, or the installation in
 * single-operator mode. With accounts and nobody signed in, nobody may.
 */
export function packActor(deps: Pick<PackDeps, 'log' | 'hasAccounts'>): string {
  const name = deps.log.actorName;
  if (name === null && deps.hasAccounts()) throw new AppError('forbidden', '请先以系统管理员身份登录', 'sign in as an administrator first');
  return name ?? 'installation';
}
