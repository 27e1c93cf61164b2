import { AppError } from '../../../shared/errors';
import type { ListDetail, ListKind, ListMeta, ListSummary, ListVersionInfo, TermEntry, VersionDiff } from '../../../shared/ipc/views';
import type { AllowList } from '../../../shared/rules/allow-list';
import { CATEGORIES } from '../../../shared/rules/finding';
import { formatTermLine, type TermList } from '../../../shared/rules/term-list';
import type { ReviewLog } from '../log/review-log';
import type { Db } from '../storage/database';
import { fileListDetail, isFileListId, readFileLists } from './file-lists';
import { cleanNote, countChanges, excerpt, termProblem, termSet } from './list-terms';
import { sortedLineDiff } from './version-diff';

/** One version's content: what an update reads and returns. */
export interface ListState {
  meta: ListMeta;
  terms: readonly TermEntry[];
  deleted: boolean;
}

/** `rules.changeList`: metadata fields to set, terms to add or edit (by term), terms to remove, deletion. */
export interface ListChange {
  expectedVersion: number;
  meta?: Partial<ListMeta> | undefined;
  upsert?: TermEntry[] | undefined;
  remove?: string[] | undefined;
  deleted?: boolean | undefined;
}

export interface WriteOptions {
  /** Refused unless the list is still at this version (someone else may have changed it). */
  expectedVersion?: number | undefined;
  /** Where the change came from, for the log: `edit` unless given (`import`, `pack` …). */
  source?: string;
  /** More for the log entry; never terms. */
  extra?: Record<string, unknown>;
}

export interface ListStoreDeps {
  db: Db;
  log: ReviewLog;
  now: () => Date;
  /** The data folder, whose `lists/` and `allow/` hold the read-only file lists. */
  dataDir: string;
}

interface VersionRow {
  list: number;
  kind: ListKind;
  builtin: number;
  version: number;
  meta_json: string;
  terms_sha256: string;
  deleted: number;
  author: string;
  note: string;
  created_at: string;
}

const SELECT_VERSION = `SELECT l.id AS list, l.kind, l.builtin, v.version, v.meta_json, v.terms_sha256, v.deleted, v.author, v.note, v.created_at
  FROM term_lists l JOIN term_list_versions v ON v.list = l.id`;
const CURRENT = 'v.version = (SELECT max(version) FROM term_list_versions WHERE list = l.id)';
const KIND_LABEL: Record<ListKind, string> = { negative: '负面清单', allow: '白名单' };
/** Author of versions written by the product itself (built-in lists). */
const PRODUCT = 'product';
const META_FIELDS = ['name', 'category', 'basis', 'owner', 'enabled'] as const;

/**
 * The office's negative lists (负面清单) and allow-lists (白名单) in the
 * database. Every change is a new version (metadata plus a content-addressed
 * term set) written with one log entry in the same transaction; the entry
 * names the list, the counts and the term set's SHA-256, never a term (a
 * negative list is itself sensitive). Built-in lists (shipped with the
 * product) and file lists (`lists/*.txt`, `allow/*.txt`) are read-only here.
 */
export class ListStore {
  /** Parsed term sets by hash: their content never changes, so the cache is never stale. */
  private readonly sets = new Map<string, TermEntry[]>();

  constructor(private readonly deps: ListStoreDeps) {}

  /** Lists not deleted, database lists first (negative, then allow), then file lists. */
  summaries(): ListSummary[] {
    const rows = this.currentRows().sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'negative' ? -1 : 1));
    return [...rows.map((r) => this.summary(r)), ...readFileLists(this.deps.dataDir).map((f) => fileListDetail(f).list)];
  }

  /** A list at `version` (the current one by default) with its terms and history. */
  detail(id: number, version?: number): ListDetail {
    if (isFileListId(id)) {
      const file = readFileLists(this.deps.dataDir).find((f) => f.id === id);
      if (!file || (version !== undefined && version !== 1)) throw notFound();
      return fileListDetail(file);
    }
    const row = this.versionRow(id, version);
    const versions = this.deps.db
      .prepare(
        `SELECT v.version, v.author, v.note, v.created_at AS at, json_array_length(s.json) AS terms
         FROM term_list_versions v JOIN term_sets s ON s.sha256 = v.terms_sha256 WHERE v.list = ? ORDER BY v.version DESC`,
      )
      .all(id) as ListVersionInfo[];
    return { list: this.summary(row), terms: this.terms(row.terms_sha256), versions };
  }

  /** The list of that kind and name (not deleted), in the database or the data folder. */
  byName(kind: ListKind, name: string): ListDetail | null {
    const wanted = name.trim();
    const hit = this.names().find((s) => s.kind === kind && s.name === wanted);
    return hit ? this.detail(hit.id) : null;
  }

  create(kind: ListKind, meta: ListMeta, actor: string | null, note: string, options: WriteOptions & { terms?: readonly TermEntry[] } = {}): ListDetail {
    return this.write(null, kind, () => ({ meta, terms: options.terms ?? [], deleted: false }), actor, note, options);
  }

  change(id: number, change: ListChange, actor: string | null, note: string, options: Omit<WriteOptions, 'expectedVersion'> = {}): ListDetail {
    return this.update(
      id,
      (cur) => {
        const terms = new Map(cur.terms.map((e) => [e.term, e]));
        for (const t of change.remove ?? []) terms.delete(t.trim());
        for (const e of change.upsert ?? []) terms.set(e.term.trim(), e);
        const meta = { ...cur.meta };
        for (const f of META_FIELDS) if (change.meta?.[f] !== undefined) Object.assign(meta, { [f]: change.meta[f] });
        return { meta, terms: [...terms.values()], deleted: change.deleted ?? cur.deleted };
      },
      actor,
      note,
      { ...options, expectedVersion: change.expectedVersion },
    );
  }

  /** Makes the list exactly `meta` and `terms` (rule-pack import); nothing is written when that is what it holds. */
  replace(id: number, meta: ListMeta, terms: readonly TermEntry[], actor: string | null, note: string, options: WriteOptions = {}): ListDetail {
    return this.update(id, (cur) => ({ meta, terms, deleted: cur.deleted }), actor, note, options);
  }

  /** A new version computed from the current one inside the write transaction, so that nothing can come between. */
  update(id: number, next: (current: ListState) => ListState, actor: string | null, note: string, options: WriteOptions = {}): ListDetail {
    if (isFileListId(id)) throw readOnly(this.detail(id).list)!;
    return this.write(id, null, next, actor, note, options);
  }

  /**
   * A list shipped with the product: created, or given a new version when the
   * product's copy differs. Nothing else may change it. (The product ships none
   * today; its defaults are the rule set and the template in resources/lists.)
   */
  installBuiltin(kind: ListKind, meta: ListMeta, terms: readonly TermEntry[]): ListDetail {
    const rows = this.deps.db.prepare(`${SELECT_VERSION} WHERE ${CURRENT} AND l.builtin = 1 AND l.kind = ?`).all(kind) as VersionRow[];
    const found = rows.find((r) => (JSON.parse(r.meta_json) as ListMeta).name === meta.name.trim());
    const options = { source: PRODUCT, builtin: true };
    if (found) return this.write(found.list, null, () => ({ meta, terms, deleted: false }), PRODUCT, '随软件更新', options);
    return this.write(null, kind, () => ({ meta, terms, deleted: false }), PRODUCT, '随软件提供', options);
  }

  /** Line diff of two versions' terms (sorted, `[停用] term  # note`) and of their metadata; version 0 is the empty list before the first. */
  diff(id: number, from: number, to: number): VersionDiff {
    if (!isFileListId(id)) this.versionRow(id); // an unknown list is not an empty diff
    const state = (version: number): ListState | null => {
      if (version === 0) return null;
      if (isFileListId(id)) {
        const d = this.detail(id, version);
        return { meta: d.list, terms: d.terms, deleted: false };
      }
      const row = this.versionRow(id, version);
      return { meta: JSON.parse(row.meta_json) as ListMeta, terms: this.terms(row.terms_sha256), deleted: row.deleted === 1 };
    };
    const a = state(from);
    const b = state(to);
    const metaChanges: VersionDiff['metaChanges'] = [];
    if (a && b) {
      for (const field of META_FIELDS) if (a.meta[field] !== b.meta[field]) metaChanges.push({ field, from: String(a.meta[field]), to: String(b.meta[field]) });
      if (a.deleted !== b.deleted) metaChanges.push({ field: 'deleted', from: String(a.deleted), to: String(b.deleted) });
    }
    const lines = (s: ListState | null) => (s?.terms ?? []).map((e) => ({ key: e.term, line: formatTermLine(e) }));
    return { from, to, parts: sortedLineDiff(lines(a), lines(b)), metaChanges };
  }

  /** What scans use: file lists, then enabled database lists at their current version, enabled terms only (`name@v3`). */
  active(): { lists: TermList[]; allowLists: AllowList[] } {
    const lists: TermList[] = [];
    const allowLists: AllowList[] = [];
    for (const f of readFileLists(this.deps.dataDir)) {
      if (f.kind === 'negative') lists.push(f.list as TermList);
      else allowLists.push(f.list as AllowList);
    }
    for (const row of this.currentRows()) {
      const meta = JSON.parse(row.meta_json) as ListMeta;
      if (!meta.enabled) continue;
      const on = this.terms(row.terms_sha256).filter((e) => !e.disabled).map((e) => e.term);
      const version = `v${row.version}`;
      if (row.kind === 'negative') lists.push({ name: meta.name, version, category: meta.category, basis: meta.basis, terms: on });
      else {
        const isPattern = (t: string) => t.startsWith('re:');
        allowLists.push({ name: meta.name, version, terms: on.filter((t) => !isPattern(t)), patterns: on.filter(isPattern).map((t) => t.slice(3).trim()) });
      }
    }
    return { lists, allowLists };
  }

  /** Lists whose newest version deletes them, newest first: kept with their history, and restorable by a change with `deleted: false`. */
  deletedSummaries(): ListSummary[] {
    return (this.currentRows(1).sort((a, b) => b.created_at.localeCompare(a.created_at))).map((r) => this.summary(r));
  }

  /** The current version of every list not deleted (or, with `deleted` 1, of every deleted one), by id. */
  private currentRows(deleted: 0 | 1 = 0): VersionRow[] {
    return this.deps.db.prepare(`${SELECT_VERSION} WHERE ${CURRENT} AND v.deleted = ? ORDER BY l.id`).all(deleted) as VersionRow[];
  }

  private summary(row: VersionRow): ListSummary {
    const meta = JSON.parse(row.meta_json) as ListMeta;
    const terms = this.terms(row.terms_sha256);
    return {
      ...meta,
      id: row.list,
      kind: row.kind,
      version: row.version,
      terms: terms.length,
      enabledTerms: terms.filter((e) => !e.disabled).length,
      builtin: row.builtin === 1,
      file: null,
      updatedAt: row.created_at,
      updatedBy: row.author,
    };
  }

  private versionRow(id: number, version?: number): VersionRow {
    const row = (
      version === undefined
        ? this.deps.db.prepare(`${SELECT_VERSION} WHERE l.id = ? AND ${CURRENT}`).get(id)
        : this.deps.db.prepare(`${SELECT_VERSION} WHERE l.id = ? AND v.version = ?`).get(id, version)
    ) as VersionRow | undefined;
    if (!row) throw notFound();
    return row;
  }

  private terms(sha: string): TermEntry[] {
    let terms = this.sets.get(sha);
    if (!terms) {
      const { json } = this.deps.db.prepare('SELECT json FROM term_sets WHERE sha256 = ?').get(sha) as { json: string };
      terms = JSON.parse(json) as TermEntry[];
      if (this.sets.size >= 32) this.sets.delete(this.sets.keys().next().value!);
    }
    this.sets.delete(sha);
    this.sets.set(sha, terms); // most recently used last
    return terms;
  }

  private write(
    id: number | null,
    kind: ListKind | null,
    next: (current: ListState) => ListState,
    actor: string | null,
    note: string,
    options: WriteOptions & { builtin?: boolean },
  ): ListDetail {
    const { db, log, now } = this.deps;
    return db.transaction(() => {
      const row = id === null ? null : this.versionRow(id);
      if (row?.builtin === 1 && !options.builtin) throw readOnly({ builtin: true, file: null })!;
      if (row && options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
        throw new AppError(
          'refused',
          `清单已被他人修改（现为第 ${row.version} 版，您修改的是第 ${options.expectedVersion} 版），请刷新后重新修改`,
          `the list changed meanwhile (now version ${row.version}, you changed version ${options.expectedVersion}); reload and try again`,
        );
      }
      const listKind = row?.kind ?? kind!;
      const before: ListState = row
        ? { meta: JSON.parse(row.meta_json) as ListMeta, terms: this.terms(row.terms_sha256), deleted: row.deleted === 1 }
        : { meta: { name: '', category: 'negative_list', basis: '', owner: '', enabled: false }, terms: [], deleted: false };
      const after = next(before);
      const meta = cleanMeta(after.meta);
      const set = termSet(after.terms.map((e) => cleanEntry(listKind, e)));
      const metaChanged = META_FIELDS.filter((f) => before.meta[f] !== meta[f]);
      if (row && metaChanged.length === 0 && set.sha256 === row.terms_sha256 && after.deleted === before.deleted) return this.detail(row.list);
      // Checked when the name is taken anew only: a file list named later must not lock a list that had the name first.
      if (!after.deleted && (!row || before.deleted || before.meta.name !== meta.name)) this.refuseNameClash(listKind, meta.name, row?.list ?? null);
      const at = now().toISOString();
      const listId = row ? row.list : Number(db.prepare('INSERT INTO term_lists (kind, builtin, created_at) VALUES (?, ?, ?)').run(listKind, options.builtin ? 1 : 0, at).lastInsertRowid);
      const version = (row?.version ?? 0) + 1;
      db.prepare('INSERT OR IGNORE INTO term_sets (sha256, json) VALUES (?, ?)').run(set.sha256, set.json);
      db.prepare('INSERT INTO term_list_versions (list, version, meta_json, terms_sha256, deleted, author, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        listId, version, JSON.stringify(meta), set.sha256, after.deleted ? 1 : 0, actor ?? 'installation', note.trim(), at,
      );
      log.append(row ? 'rules.list_change' : 'rules.list_create', {
        list: listId,
        kind: listKind,
        name: meta.name,
        version,
        terms: set.entries.length,
        ...countChanges(before.terms, set.entries),
        termsSha256: set.sha256,
        ...(row && metaChanged.length > 0 ? { meta: metaChanged } : {}),
        ...(after.deleted !== before.deleted ? { deleted: after.deleted } : {}),
        source: options.source ?? 'edit',
        ...options.extra,
      });
      return this.detail(listId);
    })();
  }

  /** Kind and name of every list not deleted, database and file lists, without reading terms. */
  private names(): { id: number; kind: ListKind; name: string }[] {
    const files = readFileLists(this.deps.dataDir);
    return [...this.currentRows().map((r) => ({ id: r.list, kind: r.kind, name: (JSON.parse(r.meta_json) as ListMeta).name })), ...files.map((f) => ({ id: f.id, kind: f.kind, name: f.list.name }))];
  }

  private refuseNameClash(kind: ListKind, name: string, self: number | null): void {
    if (this.names().some((s) => s.kind === kind && s.name === name && s.id !== self)) {
      throw new AppError('refused', `已有同名的${KIND_LABEL[kind]}“${name}”，请换一个名称`, `a ${kind} list named ${name} exists`);
    }
  }
}

/** Why a list cannot be changed here (shipped with the product, or a file in the data folder), or null. */
export function readOnly(list: Pick<ListSummary, 'builtin' | 'file'>): AppError | null {
  if (list.builtin) return new AppError('refused', '随软件提供的清单只读，不能修改或导入；如需调整，请新建清单', 'lists shipped with the product are read-only');
  if (list.file === null) return null;
  return new AppError(
    'refused',
    `该清单来自数据目录中的文件（${list.file}），在此只读；请直接修改文件，或新建清单后导入该文件`,
    `the list is the file ${list.file} in the data folder: read-only here`,
  );
}

function notFound(): AppError {
  return new AppError('not_found', '找不到该清单或该版本', 'list or version not found');
}

function cleanMeta(m: ListMeta): ListMeta {
  const meta: ListMeta = { name: m.name.trim(), category: m.category, basis: m.basis.trim(), owner: m.owner.trim(), enabled: m.enabled };
  if (meta.name === '' || meta.name.length > 100) throw new AppError('bad_input', '清单名称不能为空，且不超过 100 个字符', 'a list name is 1 to 100 characters');
  if (meta.basis === '') throw new AppError('bad_input', '请填写清单的依据', 'a list needs a basis');
  if (!(CATEGORIES as readonly string[]).includes(meta.category)) throw new AppError('bad_input', '清单类别无效', 'invalid list category');
  return meta;
}

function cleanEntry(kind: ListKind, e: TermEntry): TermEntry {
  const term = e.term.trim();
  const problem = termProblem(kind, term);
  if (problem) throw new AppError('bad_input', `词条“${excerpt(term)}”无效：${problem}`, `invalid term: ${problem}`);
  return { term, note: cleanNote(e.note ?? ''), disabled: e.disabled === true };
}
