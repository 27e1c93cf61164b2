import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/ipc/contract';
import { dispatch, type CallContext } from '../../shared/ipc/dispatch';
import type { ListMeta, TermEntry } from '../../shared/ipc/views';
import { logReport } from '../../electron/node/log/log-report';
import { FILE_LIST_ID_BASE } from '../../electron/node/rules/file-lists';
import { listHandlers } from '../../electron/node/rules/list-handlers';
import { applyImport, previewImport } from '../../electron/node/rules/list-transfer';
import { SessionState } from '../../electron/node/sessions';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { expectRefused } from '../fixtures/expect';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();

const META: ListMeta = { name: '本局负面清单', category: 'negative_list', basis: '《政府信息公开条例》第十四条', owner: '保密办', enabled: true };
const entry = (term: string, note = '', disabled = false): TermEntry => ({ term, note, disabled });
const bodies = (ws: Workspace) => logBodies(ws);

function open() {
  const dir = tempDir();
  const ws = openWorkspace(dir, { now: () => new Date('2026-11-01T08:00:00Z') });
  return { dir, ws, store: ws.termLists };
}

describe('list store', () => {
  it('versions every change and keeps each version readable', () => {
    const { ws, store } = open();
    const v1 = store.create('negative', META, null, '建立');
    const id = v1.list.id;
    expect(v1.list).toMatchObject({ version: 1, terms: 0, builtin: false, file: null, updatedBy: 'installation' });
    const v2 = store.change(id, { expectedVersion: 1, upsert: [entry(' 天网工程 ', '2026 专项'), entry('北斗计划')] }, '张三', '新增两条');
    expect(v2.terms).toEqual([entry('北斗计划'), entry('天网工程', '2026 专项')].sort((a, b) => (a.term < b.term ? -1 : 1)));
    const v3 = store.change(id, { expectedVersion: 2, remove: ['北斗计划'], upsert: [entry('天网工程', '', true)], meta: { owner: '办公室' } }, '李四', '停用');
    expect(v3.list).toMatchObject({ version: 3, terms: 1, enabledTerms: 0, owner: '办公室', updatedBy: '李四' });
    expect(v3.versions.map((v) => [v.version, v.author, v.note, v.terms])).toEqual([
      [3, '李四', '停用', 1],
      [2, '张三', '新增两条', 2],
      [1, 'installation', '建立', 0],
    ]);
    expect(store.detail(id, 2).terms.map((e) => e.term).sort()).toEqual(['北斗计划', '天网工程']);
    expect(store.detail(id, 2).list).toMatchObject({ version: 2, owner: '保密办' });
    expectRefused(() => store.detail(id, 9), 'not_found', /找不到该清单/);
    // Nothing to change: no new version, no log entry.
    const count = ws.log.count();
    expect(store.change(id, { expectedVersion: 3, upsert: [entry('天网工程', '', true)] }, '李四', '').list.version).toBe(3);
    expect(ws.log.count()).toBe(count);
    ws.close();
  });

  it('lists deleted lists and restores one as a new version with its terms, refused while another list holds its name', () => {
    const { ws, store } = open();
    const id = store.create('negative', META, null, '建立', { terms: [entry('青松计划')] }).list.id;
    store.change(id, { expectedVersion: 1, deleted: true }, null, '删除清单');
    expect(store.summaries().map((l) => l.id)).not.toContain(id);
    expect(store.deletedSummaries()).toEqual([expect.objectContaining({ id, name: META.name, version: 2 })]);
    // The name is free while the list is deleted; restoring is refused while another list holds it.
    const other = store.create('negative', META, null, '').list.id;
    expectRefused(() => store.change(id, { expectedVersion: 2, deleted: false }, null, '恢复清单'), 'refused', /已有同名的负面清单/);
    store.change(other, { expectedVersion: 1, deleted: true }, null, '');
    const restored = store.change(id, { expectedVersion: 2, deleted: false }, null, '恢复清单');
    expect(restored.list.version).toBe(3);
    expect(restored.terms.map((e) => e.term)).toEqual(['青松计划']);
    expect(store.summaries().map((l) => l.id)).toContain(id);
    expect(store.deletedSummaries().map((l) => l.id)).toEqual([other]);
    expect(bodies(ws).filter((b) => b.action === 'rules.list_change').length).toBeGreaterThanOrEqual(3);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('refuses a change made against an older version (someone else saved first)', () => {
    const { ws, store } = open();
    const id = store.create('negative', META, null, '').list.id;
    store.change(id, { expectedVersion: 1, upsert: [entry('甲')] }, '张三', '');
    expectRefused(() => store.change(id, { expectedVersion: 1, upsert: [entry('乙')] }, '李四', ''), 'refused', /已被他人修改（现为第 2 版，您修改的是第 1 版）/);
    expect(store.detail(id).terms.map((e) => e.term)).toEqual(['甲']);
    ws.close();
  });

  it('refuses bad terms and metadata, and a name used by another list of the same kind', () => {
    const { ws, store } = open();
    const id = store.create('negative', META, null, '').list.id;
    const change = (upsert: TermEntry[]) => () => store.change(id, { expectedVersion: 1, upsert }, null, '');
    expectRefused(change([entry('x'.repeat(201))]), 'bad_input', /超过 200 个字符/);
    expectRefused(change([entry('天网\u0007工程')]), 'bad_input', /控制字符/);
    expectRefused(change([entry('   ')]), 'bad_input', /词条为空/);
    expectRefused(change([entry('甲 #乙')]), 'bad_input', /表示备注/);
    expectRefused(() => store.create('negative', { ...META, name: ` ${META.name} ` }, null, ''), 'refused', /已有同名的负面清单/);
    expectRefused(() => store.create('negative', { ...META, name: '  ' }, null, ''), 'bad_input', /名称不能为空/);
    // Another kind may share the name; a deleted list frees it.
    const allow = store.create('allow', META, null, '').list.id;
    expectRefused(() => store.change(allow, { expectedVersion: 1, upsert: [entry('re:(a+)+')] }, null, ''), 'bad_input', /嵌套重复/);
    expectRefused(() => store.change(allow, { expectedVersion: 1, upsert: [entry('re:[')] }, null, ''), 'bad_input', /正则表达式无效/);
    store.change(allow, { expectedVersion: 1, upsert: [entry('re:0\\d{2,3}-12345678')] }, null, '');
    store.change(id, { expectedVersion: 1, deleted: true }, null, '不再使用');
    expect(store.summaries().map((s) => s.id)).toEqual([allow]);
    expect(store.create('negative', META, null, '').list.version).toBe(1);
    expectRefused(() => store.change(id, { expectedVersion: 2, deleted: false }, null, ''), 'refused', /已有同名/);
    ws.close();
  });

  it('logs one entry per change with counts and the term set hash, never a term', () => {
    const { ws, store } = open();
    const id = store.create('negative', META, '张三', '建立', { terms: [entry('青龙计划'), entry('白虎计划', '备注里的话')] }).list.id;
    store.change(id, { expectedVersion: 1, upsert: [entry('朱雀计划')], remove: ['白虎计划'], meta: { enabled: false } }, '张三', '调整');
    store.change(id, { expectedVersion: 2, deleted: true }, '张三', '');
    const entries = bodies(ws).filter((b) => b.action.startsWith('rules.'));
    expect(entries.map((e) => e.action)).toEqual(['rules.list_create', 'rules.list_change', 'rules.list_change']);
    expect(entries[0]!.data).toMatchObject({ list: id, kind: 'negative', name: META.name, version: 1, terms: 2, added: 2, removed: 0, changed: 0, source: 'edit' });
    expect(entries[1]!.data).toMatchObject({ version: 2, terms: 2, added: 1, removed: 1, changed: 0, meta: ['enabled'] });
    expect(entries[2]!.data).toMatchObject({ version: 3, added: 0, removed: 0, deleted: true });
    const sets = ws.db.prepare('SELECT sha256 FROM term_sets').all() as { sha256: string }[];
    expect(sets.map((s) => s.sha256)).toContain(entries[1]!.data.termsSha256);
    const all = JSON.stringify(ws.log.entries());
    for (const secret of ['青龙计划', '白虎计划', '朱雀计划', '备注里的话']) expect(all).not.toContain(secret);
    expect(ws.log.verify().ok).toBe(true);
    // The auditor's panel, newest first.
    expect(logReport(ws.log, {}).entries.filter((e) => e.action === '修改清单').map((e) => e.summary)).toEqual([
      `“${META.name}”第 3 版（新增 0，删除 0，修改 0，已删除清单）`,
      `“${META.name}”第 2 版（新增 1，删除 1，修改 0）`,
    ]);
    ws.close();
  });

  it('diffs two versions line by line, long unchanged runs cut to their edges', () => {
    const { ws, store } = open();
    const many = Array.from({ length: 20 }, (_, i) => entry(`词${String(i).padStart(2, '0')}`));
    const id = store.create('negative', META, null, '', { terms: many }).list.id;
    store.change(id, { expectedVersion: 1, upsert: [entry('词10', '改了备注'), entry('新词')], remove: ['词00'], meta: { name: '改名清单' } }, null, '');
    store.change(id, { expectedVersion: 2, upsert: [entry('词05', '', true)] }, null, '');
    const d = store.diff(id, 1, 3);
    expect(d.metaChanges).toEqual([{ field: 'name', from: META.name, to: '改名清单' }]);
    const part = (kind: string, lines: string[], count = lines.length) => ({ kind, lines, count });
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `词${String(from + i).padStart(2, '0')}`);
    // 新 (U+65B0) sorts before 词 (U+8BCD): terms are ordered by code unit, whatever the locale.
    expect(d.parts).toEqual([
      part('added', ['新词']),
      part('removed', ['词00']),
      part('same', range(1, 4)),
      part('removed', ['词05']),
      part('added', ['[停用] 词05']),
      part('same', range(6, 9)),
      part('removed', ['词10']),
      part('added', ['词10  # 改了备注']),
      part('same', range(11, 13)),
      part('same', [], 6),
    ]);
    // Long unchanged runs keep three lines next to a change; none at the ends of the whole diff.
    expect(store.diff(id, 2, 3).parts).toEqual([
      part('same', [], 2),
      part('same', range(2, 4)),
      part('removed', ['词05']),
      part('added', ['[停用] 词05']),
      part('same', range(6, 8)),
      part('same', [], 11),
    ]);
    const fromNothing = store.diff(id, 0, 1);
    expect(fromNothing.parts).toEqual([{ kind: 'added', lines: many.map((e) => e.term), count: 20 }]);
    ws.close();
  });

  it('gives scans the enabled lists at their current version, enabled terms only', () => {
    const { ws, store } = open();
    const a = store.create('negative', META, null, '', { terms: [entry('天网工程'), entry('停用词', '', true)] }).list.id;
    store.change(a, { expectedVersion: 1, upsert: [entry('北斗计划')] }, null, '');
    store.create('negative', { ...META, name: '关闭的清单', enabled: false }, null, '', { terms: [entry('不该用')] });
    const gone = store.create('negative', { ...META, name: '删除的清单' }, null, '', { terms: [entry('也不该用')] }).list.id;
    store.change(gone, { expectedVersion: 1, deleted: true }, null, '');
    store.create('allow', { ...META, name: '本机电话' }, null, '', { terms: [entry('12345'), entry('re: 0\\d{2,3}-\\d{8}')] });
    const { lists, allowLists } = store.active();
    expect(lists).toEqual([{ name: META.name, version: 'v2', category: 'negative_list', basis: META.basis, terms: ['北斗计划', '天网工程'] }]);
    expect(allowLists).toEqual([{ name: '本机电话', version: 'v1', terms: ['12345'], patterns: ['0\\d{2,3}-\\d{8}'] }]);
    ws.close();
  });

  it('scans with database lists beside file lists and records name@version', async () => {
    const { dir, ws, store } = open();
    writeFileSync(join(dir, 'lists', '文件清单.txt'), '玄武计划\n');
    const id = store.create('negative', META, null, '', { terms: [entry('天网工程')] }).list.id;
    store.change(id, { expectedVersion: 1, upsert: [entry('北斗计划')] }, null, '');
    const view = await ws.reviews.importFile('a.txt', Buffer.from('关于天网工程与玄武计划的通知'));
    expect(view.findings.map((f) => f.text).sort()).toEqual(['天网工程', '玄武计划']);
    expect(view.lists).toEqual([expect.stringMatching(/^文件清单@[0-9a-f]{12}$/), `${META.name}@v2`]);
    ws.close();
  });

  it('shows file lists read-only under ids of their own', () => {
    const { dir, ws, store } = open();
    writeFileSync(join(dir, 'allow', '公开电话.txt'), '\uFEFF12345\r\nre:^0\\d{2,3}-\\d{8}$\r\n');
    const [file] = store.summaries();
    expect(file).toMatchObject({ kind: 'allow', name: '公开电话', file: 'allow/公开电话.txt', version: 1, terms: 2, builtin: false });
    expect(file!.id).toBeGreaterThanOrEqual(FILE_LIST_ID_BASE);
    expect(store.detail(file!.id).terms.map((e) => e.term)).toEqual(['12345', 're:^0\\d{2,3}-\\d{8}$']);
    expect(store.byName('allow', '公开电话')?.list.id).toBe(file!.id);
    expectRefused(() => store.change(file!.id, { expectedVersion: 1, upsert: [entry('x')] }, null, ''), 'refused', /数据目录中的文件（allow\/公开电话.txt）/);
    expectRefused(() => previewImport(store, file!.id, 'a.txt', Buffer.from('x'), 'merge'), 'refused', /只读/);
    expectRefused(() => store.create('allow', { ...META, name: '公开电话' }, null, ''), 'refused', /已有同名的白名单/);
    expect(store.diff(file!.id, 0, 1).parts[0]).toMatchObject({ kind: 'added', count: 2 });
    // A file named like a database list later does not lock that list.
    const id = store.create('negative', { ...META, name: '后来的文件' }, null, '').list.id;
    writeFileSync(join(dir, 'lists', '后来的文件.txt'), '甲\n');
    expect(store.change(id, { expectedVersion: 1, upsert: [entry('乙')] }, null, '').list.version).toBe(2);
    ws.close();
  });

  it('keeps built-in lists read-only; the product alone gives them a new version', () => {
    const { ws, store } = open();
    const built = store.installBuiltin('negative', { ...META, name: '通用清单' }, [entry('甲')]);
    expect(built.list).toMatchObject({ builtin: true, version: 1, updatedBy: 'product' });
    const id = built.list.id;
    expectRefused(() => store.change(id, { expectedVersion: 1, upsert: [entry('乙')] }, null, ''), 'refused', /随软件提供的清单只读/);
    expectRefused(() => store.replace(id, META, [], null, ''), 'refused', /只读/);
    expectRefused(() => applyImport(store, { id, fileName: 'a.txt', bytes: Buffer.from('乙'), mode: 'merge', expectedVersion: 1 }, null, ''), 'refused', /只读/);
    expect(store.installBuiltin('negative', { ...META, name: '通用清单' }, [entry('甲')]).list.version).toBe(1);
    expect(store.installBuiltin('negative', { ...META, name: '通用清单' }, [entry('甲'), entry('丙')]).list.version).toBe(2);
    ws.close();
  });
});

describe('list channels', () => {
  const FAST = { N: 1 << 10 };

  function setup(savePath: string | null) {
    const dir = tempDir();
    const ws = openWorkspace(join(dir, 'data'), { accountParams: FAST });
    const sessions = new SessionState(ws);
    const handlers = listHandlers(ws, { chooseSavePath: async () => (savePath === null ? null : join(dir, savePath)) }) as unknown as Handlers<CallContext>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const call = (channel: string, payload: unknown = {}) => dispatch(handlers, channel, payload, { permissions: sessions.permissions() }) as Promise<{ ok: boolean; value?: any; error?: any }>;
    return { dir, ws, sessions, call };
  }

  it('lets only administrators manage lists once accounts exist', async () => {
    const { ws, sessions, call } = setup(null);
    expect(await call('rules.lists')).toEqual({ ok: true, value: [] });
    const first = { value: [(await call('rules.createList', { kind: 'negative', meta: META, note: '' })).value.list] };
    ws.accounts.create(null, { name: 'admin', displayName: '管理员', roles: ['administrator'], password: 'admin-口令-2026' });
    const admin = sessions.signIn('admin', 'admin-口令-2026');
    ws.accounts.create(ws.accounts.signIn('admin', 'admin-口令-2026'), { name: 'zhang', displayName: '张三', roles: ['reviewer', 'approver'], password: 'zhang-口令-2026' });
    expect(admin.permissions).toContain('rules.manage');
    const id = first.value[0].id as number;
    const changed = await call('rules.changeList', { id, expectedVersion: 1, upsert: [{ term: '天网工程', note: '', disabled: false }], note: '新增' });
    expect(changed.value.list).toMatchObject({ version: 2, updatedBy: 'admin' });
    expect(bodies(ws).at(-1)).toMatchObject({ action: 'rules.list_change', actor: { name: 'admin' } });
    sessions.signIn('zhang', 'zhang-口令-2026');
    for (const [channel, payload] of [
      ['rules.lists', {}],
      ['rules.list', { id }],
      ['rules.changeList', { id, expectedVersion: 2, deleted: true, note: '' }],
      ['rules.exportList', { id, format: 'txt' }],
    ] as const) {
      expect(await call(channel, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    sessions.signOut();
    expect(await call('rules.lists')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });

  it('imports, previews, diffs and exports through the channels, in Chinese when refused', async () => {
    const { dir, ws, call } = setup('out.csv');
    const created = await call('rules.createList', { kind: 'negative', meta: META, note: '' });
    const id = created.value.list.id as number;
    const file = { id, fileName: '词表.txt', bytes: new Uint8Array(Buffer.from('天网工程\n北斗计划  # 备注\n天网工程\n')), mode: 'merge' };
    const preview = await call('rules.previewImport', file);
    expect(preview.value).toMatchObject({ encoding: 'utf-8', read: 2, duplicates: [{ line: 3, term: '天网工程' }], invalid: [] });
    expect((await call('rules.list', { id })).value.list.version).toBe(1);
    const applied = await call('rules.applyImport', { ...file, expectedVersion: 1, note: '导入' });
    expect(applied.value.list).toMatchObject({ version: 2, terms: 2 });
    expect(await call('rules.applyImport', { ...file, expectedVersion: 1, note: '' })).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('已被他人修改') } });
    const diff = await call('rules.diffList', { id, from: 1, to: 2 });
    expect(diff.value.parts).toEqual([{ kind: 'added', lines: ['北斗计划  # 备注', '天网工程'], count: 2 }]);
    const exported = await call('rules.exportList', { id, format: 'csv' });
    expect(exported.value).toEqual({ cancelled: false, path: join(dir, 'out.csv'), terms: 2 });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('\uFEFF词条,备注,状态\r\n北斗计划,备注,启用\r\n天网工程,,启用\r\n');
    expect(bodies(ws).at(-1)).toMatchObject({ action: 'rules.list_export', data: { list: id, version: 2, format: 'csv', terms: 2 } });
    expect(await call('rules.list', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', message: '找不到该清单或该版本' } });
    ws.close();
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    const { ws, call } = setup(null);
    const id = (await call('rules.createList', { kind: 'negative', meta: META, note: '' })).value.list.id;
    const count = ws.log.count();
    expect(await call('rules.exportList', { id, format: 'xlsx' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(ws.log.count()).toBe(count);
    ws.close();
  });
});
