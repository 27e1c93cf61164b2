import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/ipc/dispatch';
import type { Channel } from '../../shared/ipc/channels';
import { MAX_PACK_BYTES } from '../../shared/ipc/contract';
import type { ListMeta, RulePackPreview, TermEntry, TrustedKey } from '../../shared/ipc/views';
import type { RulePack } from '../../shared/rules/pack';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { buildPack } from '../../electron/node/rules/pack-export';
import { packDeps } from '../../electron/node/rules/pack-handlers';
import { importPack, previewPack } from '../../electron/node/rules/pack-import';
import { SessionState } from '../../electron/node/sessions';
import { openWorkspace, type Workspace } from '../../electron/node/workspace';
import { projectRule } from '../fixtures/custom-rules';
import { expectRefused } from '../fixtures/expect';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

const META: ListMeta = { name: '涉密项目代号', category: 'classified', basis: '《保守国家秘密法》第十三条', owner: '保密办', enabled: true };
const TERMS: TermEntry[] = [
  { term: '红星工程', note: '2026 专项', disabled: false },
  { term: '蓝天计划', note: '', disabled: false },
  { term: '旧代号', note: '已解密', disabled: true },
];
const ADMIN_PW = '管理员口令-2026-admin';

interface Folder {
  dir: string;
  ws: Workspace;
  sessions: SessionState;
  /** Where the next `rules.exportPack` saves (null: the dialog is cancelled). */
  save: { path: string | null };
  call<T>(channel: Channel, payload?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  value<T>(channel: Channel, payload?: unknown): Promise<T>;
}

function folder(): Folder {
  const dir = tempDir();
  let t = Date.parse('2026-11-01T08:00:00Z');
  const ws = openWorkspace(dir, { now: () => new Date((t += 1000)), accountParams: { N: 2 ** 10 } });
  const sessions = new SessionState(ws);
  const save = { path: join(dir, 'out.mishen-rules') as string | null };
  const handlers = createHandlers(ws, { chooseSavePath: async () => save.path }, 'test', sessions);
  const call = (channel: Channel, payload: unknown = {}) => dispatch(handlers, channel, payload, { permissions: sessions.permissions() }) as never;
  const value = async <T>(channel: Channel, payload: unknown = {}): Promise<T> => {
    const res = await dispatch(handlers, channel, payload, { permissions: sessions.permissions() });
    if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
    return res.value as T;
  };
  return { dir, ws, sessions, save, call, value };
}

const bodies = (ws: Workspace) => ws.log.entries().map((e) => JSON.parse(e.body) as { action: string; actor: { kind: string; name: string; key: string }; data: Record<string, unknown> });
const entriesOf = (ws: Workspace, action: string) => bodies(ws).filter((b) => b.action === action);

/** Folder A with the office's list and a second one, exported as one pack; returns the pack's bytes. */
async function exported(a: Folder, more: TermEntry[] = [{ term: '白名单词', note: '', disabled: false }]) {
  const list = a.ws.termLists.create('negative', META, null, '建立', { terms: TERMS });
  const allow = a.ws.termLists.create('allow', { ...META, name: '公开名录' }, null, '建立', { terms: more });
  const res = await a.value<{ cancelled: false; path: string; sha256: string; signer: string }>('rules.exportPack', { listIds: [list.list.id, allow.list.id], includeRules: false, note: '2026 年第 4 季度' });
  return { ...res, bytes: readFileSync(res.path), list, allow };
}

async function trust(b: Folder, a: Folder, label = '市保密办'): Promise<TrustedKey[]> {
  const key = await a.value<{ fingerprint: string; publicKeyPem: string }>('rules.signingKey');
  return b.value<TrustedKey[]>('rules.trustKey', { publicKeyPem: key.publicKeyPem, label });
}

describe('rule packs between two data folders', () => {
  it('carries lists signed by one folder into another that trusts its key; a scan there finds the terms', async () => {
    const a = folder();
    const b = folder();
    const pack = await exported(a);
    expect(pack.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pack.signer).toBe(a.ws.log.keyFingerprint); // single-operator mode: the installation key
    const exportEntry = entriesOf(a.ws, 'rules.pack_export')[0]!;
    expect(exportEntry.data).toMatchObject({ sha256: pack.sha256, signer: pack.signer, lists: [{ name: META.name, version: 1, terms: 3 }, { name: '公开名录', version: 1 }] });
    expect(JSON.stringify(exportEntry)).not.toContain('红星工程'); // names and versions, never terms

    // Untrusted: the preview shows whose key it is; the import is refused and names it.
    expect(await b.value<RulePackPreview>('rules.previewPack', { bytes: pack.bytes })).toMatchObject({ trusted: false, signer: pack.signer, sha256: pack.sha256 });
    const refused = await b.call('rules.importPack', { bytes: pack.bytes });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!refused.ok && refused.error.message).toMatch(/未受本机信任/);
    expect(!refused.ok && refused.error.message).toContain(pack.signer);
    expect(b.ws.termLists.byName('negative', META.name)).toBeNull();

    const trusted = await trust(b, a);
    expect(trusted).toMatchObject([{ fingerprint: pack.signer, label: '市保密办', addedBy: 'installation' }]);
    const preview = await b.value<RulePackPreview>('rules.previewPack', { bytes: pack.bytes });
    expect(preview).toMatchObject({ trusted: true, createdBy: 'installation', rules: { action: 'none' } });
    expect(preview.lists).toEqual([
      { kind: 'negative', name: META.name, terms: 3, action: 'create' },
      { kind: 'allow', name: '公开名录', terms: 1, action: 'create' },
    ]);
    expect(b.ws.termLists.byName('negative', META.name)).toBeNull(); // a preview changes nothing

    await b.value('rules.importPack', { bytes: pack.bytes });
    const imported = b.ws.termLists.byName('negative', META.name)!;
    expect(imported.terms).toEqual(a.ws.termLists.byName('negative', META.name)!.terms);
    expect(imported.list).toMatchObject({ ...META, version: 1 });
    expect(imported.versions[0]!.note).toMatch(new RegExp(`导入规则包 ${pack.sha256.slice(0, 12)}.*2026 年第 4 季度`));
    const importEntry = entriesOf(b.ws, 'rules.pack_import')[0]!;
    expect(importEntry.data).toMatchObject({ sha256: pack.sha256, signer: pack.signer, lists: [{ name: META.name, action: 'create', version: 1 }, { name: '公开名录', action: 'create', version: 1 }], ruleSet: null });
    expect(entriesOf(b.ws, 'rules.list_create').map((e) => e.data.source)).toEqual(['pack', 'pack']);

    const view = await b.ws.reviews.importFile('通知.txt', new TextEncoder().encode('关于红星工程的通知：请蓝天计划各单位注意旧代号。'));
    const found = view.findings.filter((f) => f.type === 'negative_list').map((f) => f.text);
    expect(found).toEqual(['红星工程', '蓝天计划']); // the disabled term is carried but not matched

    // Importing again changes nothing; a newer pack updates the list to a new version.
    expect((await b.value<RulePackPreview>('rules.importPack', { bytes: pack.bytes })).lists.map((l) => l.action)).toEqual(['unchanged', 'unchanged']);
    const id = a.ws.termLists.byName('negative', META.name)!.list.id;
    a.ws.termLists.change(id, { expectedVersion: 1, upsert: [{ term: '青松行动', note: '', disabled: false }] }, null, '新增');
    const next = await a.value<{ path: string }>('rules.exportPack', { listIds: [id], includeRules: false, note: '' });
    const update = await b.value<RulePackPreview>('rules.importPack', { bytes: readFileSync(next.path) });
    expect(update.lists).toEqual([{ kind: 'negative', name: META.name, terms: 4, action: 'update' }]);
    expect(b.ws.termLists.byName('negative', META.name)!.list.version).toBe(2);
    expect(entriesOf(b.ws, 'rules.pack_import')[2]!.data.lists).toEqual([{ kind: 'negative', name: META.name, action: 'update', version: 2 }]);

    for (const ws of [a.ws, b.ws]) expect(ws.log.verify()).toMatchObject({ ok: true, failure: null });
    a.ws.close();
    b.ws.close();
  });

  it('carries the office rule set too: the importing folder scans with its custom rule and without the detectors it switched off', async () => {
    const a = folder();
    const b = folder();
    a.ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: ['email'] }, 'installation', '项目编号');
    const res = await a.value<{ path: string }>('rules.exportPack', { listIds: [], includeRules: true, note: '' });
    const bytes = readFileSync(res.path);
    await trust(b, a);
    expect(previewPack(packDeps(b.ws), bytes)).toMatchObject({ lists: [], rules: { customRules: 1, action: 'update' } });
    importPack(packDeps(b.ws), bytes);
    expect(b.ws.ruleSets.detail()).toMatchObject({ version: 1, customRules: [projectRule()], disabledDetectors: ['email'] });
    expect(b.ws.ruleSets.detail().versions[0]!.note).toMatch(/^导入规则包/);
    expect(entriesOf(b.ws, 'rules.pack_import')[0]!.data.ruleSet).toEqual({ version: 1, action: 'update' });
    expect(entriesOf(b.ws, 'rules.ruleset_change')[0]!.data).toMatchObject({ version: 1, via: 'pack' });
    const view = await b.ws.reviews.importFile('a.txt', new TextEncoder().encode('项目编号：ZX-2024-017，邮箱 wang@example.com。'));
    expect(view.findings.map((f) => f.text)).toContain('ZX-2024-017');
    expect(view.findings.map((f) => f.type)).not.toContain('email');
    expect(importPack(packDeps(b.ws), bytes).rules.action).toBe('unchanged');
    expect(b.ws.ruleSets.detail().version).toBe(1);
    expect(b.ws.log.verify().ok).toBe(true);
    a.ws.close();
    b.ws.close();
  });

  it('signs with the signed-in administrator key once accounts exist, and holds every pack channel to rules.manage', async () => {
    const a = folder();
    a.ws.accounts.create(null, { name: 'admin', displayName: '管理员', roles: ['administrator'], password: ADMIN_PW });
    const packChannels: [Channel, unknown][] = [
      ['rules.exportPack', { listIds: [], includeRules: true, note: '' }],
      ['rules.previewPack', { bytes: new Uint8Array(1) }],
      ['rules.importPack', { bytes: new Uint8Array(1) }],
      ['rules.trustedKeys', {}],
      ['rules.trustKey', { publicKeyPem: 'x', label: 'x' }],
      ['rules.untrustKey', { fingerprint: 'x' }],
      ['rules.signingKey', {}],
    ];
    for (const [channel, payload] of packChannels) expect(await a.call(channel, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } }); // signed out
    a.sessions.signIn('admin', ADMIN_PW);
    a.ws.accounts.create(a.sessions.current, { name: 'zhang', displayName: '张三', roles: ['reviewer', 'approver'], password: '审查口令-2026-秋季' });
    const key = await a.value<{ fingerprint: string; publicKeyPem: string }>('rules.signingKey');
    expect(key.fingerprint).toBe(a.sessions.current!.keyFingerprint);
    expect(key.fingerprint).not.toBe(a.ws.log.keyFingerprint);
    const pack = await exported(a);
    expect(pack.signer).toBe(key.fingerprint);
    const body = JSON.parse(pack.bytes.toString('utf8')) as RulePack;
    expect(body).toMatchObject({ createdBy: 'admin', signer: key });
    expect(entriesOf(a.ws, 'rules.pack_export')[0]!.actor).toMatchObject({ kind: 'user', name: 'admin', key: key.fingerprint });

    a.sessions.signIn('zhang', '审查口令-2026-秋季');
    for (const [channel, payload] of packChannels) expect(await a.call(channel, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(a.ws.log.verify().ok).toBe(true);
    a.ws.close();
  });

  it('openssl verifies a pack on its own: Ed25519 over the canonical JSON of everything but the signature', async () => {
    const a = folder();
    const pack = await exported(a);
    const dir = tempDir();
    const { signature, ...body } = JSON.parse(pack.bytes.toString('utf8')) as RulePack;
    writeFileSync(join(dir, 'pub.pem'), body.signer.publicKeyPem);
    writeFileSync(join(dir, 'body.json'), canonicalize(body)!);
    writeFileSync(join(dir, 'body.sig'), Buffer.from(signature, 'base64'));
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'body.json'), '-sigfile', join(dir, 'body.sig')];
    expect(execFileSync('openssl', args).toString()).toMatch(/Signature Verified Successfully/);
    // The key's fingerprint is SHA-256 of its raw 32 bytes, the last 32 of the DER.
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', join(dir, 'pub.pem'), '-outform', 'DER']);
    expect(execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der.subarray(-32) }).toString().split(' ')[0]).toBe(body.signer.fingerprint);
    writeFileSync(join(dir, 'body.json'), canonicalize(body)!.replace('红星工程', '红星工厂'));
    expect(() => execFileSync('openssl', args, { stdio: 'pipe' })).toThrow();
    a.ws.close();
  });
});

describe('refused packs', () => {
  /** A trusted, valid pack in B, and ways to damage it. */
  async function setup() {
    const a = folder();
    const b = folder();
    const pack = await exported(a);
    await trust(b, a);
    const json = () => JSON.parse(pack.bytes.toString('utf8')) as RulePack;
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    return { a, b, pack, json, bytes };
  }

  /** Nothing of any pack reached the folder, and its log still verifies. */
  function expectUntouched(ws: Workspace): void {
    expect(ws.termLists.summaries()).toEqual([]);
    expect([...entriesOf(ws, 'rules.list_create'), ...entriesOf(ws, 'rules.pack_import')]).toEqual([]);
    expect(ws.log.verify().ok).toBe(true);
  }

  /** The pack signed properly by `keys` (a fresh key by default, which B has never trusted); `claim` keeps the fingerprint it names. */
  function signedBy(pack: RulePack, claim?: string, keys = generateKeyPairSync('ed25519')): RulePack {
    const { privateKey, publicKey } = keys;
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const fingerprint = claim ?? execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: raw }).toString().split(' ')[0]!;
    const { signature: _, ...body } = { ...pack, signer: { fingerprint, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
    return { ...body, signature: sign(null, Buffer.from(canonicalize(body)!, 'utf8'), privateKey).toString('base64') };
  }

  it('refuses altered packs, naming the signer, and imports nothing', async () => {
    const { a, b, pack, json, bytes } = await setup();
    const altered = (f: (p: RulePack) => void) => {
      const p = json();
      f(p);
      return bytes(p);
    };
    const tampered: Uint8Array[] = [
      altered((p) => (p.lists[0]!.terms[0]!.term = '红星工厂')),
      altered((p) => (p.lists[0]!.terms.find((t) => t.term === '旧代号')!.disabled = false)),
      altered((p) => (p.lists[0]!.meta.basis = '无')),
      altered((p) => (p.note = '另一说明')),
      altered((p) => p.lists.reverse()),
      altered((p) => p.lists.pop()),
      // Signed by another key, still naming A's.
      altered((p) => (p.signature = signedBy(p).signature)),
      // Another key embedded under A's fingerprint, and the pack signed by it.
      altered((p) => Object.assign(p, signedBy(p, p.signer.fingerprint))),
    ];
    for (const t of tampered) {
      expectRefused(() => previewPack(packDeps(b.ws), t), 'refused', new RegExp(`已被改动.*${pack.signer}`));
      expectRefused(() => importPack(packDeps(b.ws), t), 'refused', /已被改动/);
    }
    // A byte changed on disk (same JSON shape) fails the same way; key order and spacing do not matter.
    const text = pack.bytes.toString('utf8');
    expectRefused(() => importPack(packDeps(b.ws), Buffer.from(text.replace('蓝天计划', '蓝天计刬'))), 'refused', /已被改动/);
    expect(previewPack(packDeps(b.ws), Buffer.from(JSON.stringify(JSON.parse(text), null, 2))).trusted).toBe(true);

    expectRefused(() => importPack(packDeps(b.ws), pack.bytes.subarray(0, pack.bytes.length - 40)), 'bad_input', /不是有效的 JSON/);
    expectRefused(() => importPack(packDeps(b.ws), Buffer.from('{"format": "mishen-rule-pack", lists: []}')), 'bad_input', /不是有效的 JSON/);
    expectRefused(() => importPack(packDeps(b.ws), Buffer.from([0xff, 0xfe, 0x7b])), 'bad_input', /不是 UTF-8/);
    expectRefused(() => importPack(packDeps(b.ws), Buffer.from('{"a":'.repeat(50_000))), 'bad_input', /嵌套过深/);
    expectRefused(() => importPack(packDeps(b.ws), bytes({ ...json(), formatVersion: 2 })), 'unsupported_format', /格式版本 2 不受本机支持/);
    expectRefused(() => importPack(packDeps(b.ws), bytes({ ...json(), extra: true })), 'bad_input', /不符合格式/);
    expectRefused(() => importPack(packDeps(b.ws), new Uint8Array(MAX_PACK_BYTES + 1)), 'too_large', /超过 64 MB/);
    // Over IPC the contract refuses an oversized payload before any handler runs.
    expect(await b.call('rules.importPack', { bytes: new Uint8Array(MAX_PACK_BYTES + 1) })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    // A valid pack by a key B does not trust: shown, not imported, the message names the key.
    const stranger = signedBy(json());
    expect(previewPack(packDeps(b.ws), bytes(stranger))).toMatchObject({ trusted: false, signer: stranger.signer.fingerprint });
    expectRefused(() => importPack(packDeps(b.ws), bytes(stranger)), 'refused', new RegExp(`签名公钥（指纹 ${stranger.signer.fingerprint}.*未受本机信任`));

    expectUntouched(b.ws);
    a.ws.close();
    b.ws.close();
  });

  it('applies all or nothing: a list the store would refuse is refused in the preview, and leaves every other list of the pack unimported', async () => {
    const { a, b, json, bytes } = await setup();
    const keys = generateKeyPairSync('ed25519');
    await b.value('rules.trustKey', { publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), label: '第二签名者' });
    const p = json();
    p.lists[1]!.terms.push({ term: '#不是词条', note: '', disabled: false });
    const pack = bytes(signedBy(p, undefined, keys));
    const preview = previewPack(packDeps(b.ws), pack).lists;
    expect(preview.map((l) => l.action)).toEqual(['create', 'refused']);
    expect(preview[1]!.reason).toMatch(/词条“#不是词条”：不能以“#”/);
    expectRefused(() => importPack(packDeps(b.ws), pack), 'refused', /不能以“#”.*整个规则包未导入/);
    expectUntouched(b.ws);
    a.ws.close();
    b.ws.close();
  });

  it('refuses the whole pack when a list would replace a shipped or file list of the same name', async () => {
    const { a, b, pack } = await setup();
    b.ws.termLists.installBuiltin('negative', META, [{ term: '产品词', note: '', disabled: false }]);
    const preview = previewPack(packDeps(b.ws), pack.bytes);
    expect(preview.lists.map((l) => l.action)).toEqual(['refused', 'create']);
    expectRefused(() => importPack(packDeps(b.ws), pack.bytes), 'refused', /“涉密项目代号”.*重名.*整个规则包未导入/);
    expect(b.ws.termLists.byName('allow', '公开名录')).toBeNull();
    expect(b.ws.termLists.byName('negative', META.name)!.terms.map((t) => t.term)).toEqual(['产品词']);

    const c = folder();
    await trust(c, a);
    mkdirSync(join(c.dir, 'allow'), { recursive: true });
    writeFileSync(join(c.dir, 'allow', '公开名录.txt'), '本局电话\n');
    expect(previewPack(packDeps(c.ws), pack.bytes).lists.map((l) => l.action)).toEqual(['create', 'refused']);
    expectRefused(() => importPack(packDeps(c.ws), pack.bytes), 'refused', /“公开名录”/);
    expect(c.ws.termLists.byName('negative', META.name)).toBeNull();
    for (const f of [a, b, c]) f.ws.close();
  });
});

describe('signing and trusted keys', () => {
  it('does not trust its own key implicitly, and logs trusting and untrusting', async () => {
    const a = folder();
    const pack = await exported(a);
    expectRefused(() => importPack(packDeps(a.ws), pack.bytes), 'refused', /未受本机信任/);
    const [key] = await trust(a, a, '本机');
    expect(previewPack(packDeps(a.ws), pack.bytes).lists.map((l) => l.action)).toEqual(['unchanged', 'unchanged']);
    expect(entriesOf(a.ws, 'rules.trust_key').map((e) => e.data)).toEqual([{ fingerprint: key!.fingerprint, label: '本机' }]);
    expect(await a.value('rules.untrustKey', { fingerprint: key!.fingerprint })).toEqual([]);
    expect(entriesOf(a.ws, 'rules.untrust_key').map((e) => e.data)).toEqual([{ fingerprint: key!.fingerprint, label: '本机' }]);
    expectRefused(() => importPack(packDeps(a.ws), pack.bytes), 'refused', /未受本机信任/);
    a.ws.close();
  });

  it('accepts only an Ed25519 public key, computes its fingerprint, and refuses duplicates', async () => {
    const a = folder();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const error = async (publicKeyPem: string, label = '某单位') => {
      const res = await a.call('rules.trustKey', { publicKeyPem, label });
      return res.ok ? null : res.error.message;
    };
    expect(await error(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toMatch(/这是私钥/);
    expect(await error(rsa)).toMatch(/不是有效的 Ed25519 公钥/);
    expect(await error('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')).toMatch(/不是有效的 Ed25519 公钥/);
    expect(await error(pem + pem)).toMatch(/不是有效的 Ed25519 公钥/);
    expect(await error(pem, '  ')).toMatch(/标签/);
    const [key] = await a.value<TrustedKey[]>('rules.trustKey', { publicKeyPem: `\n${pem}`, label: ' 省保密局 ' });
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(key).toMatchObject({ fingerprint: execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: raw }).toString().split(' ')[0], label: '省保密局', publicKeyPem: pem });
    expect(await error(pem)).toMatch(/已受信任（省保密局/);
    expect(await a.call('rules.untrustKey', { fingerprint: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await a.value('rules.trustedKeys')).toEqual([key]);
    a.ws.close();
  });

  it('exports only the office lists, and nothing when the dialog is cancelled', async () => {
    const a = folder();
    const builtin = a.ws.termLists.installBuiltin('negative', { ...META, name: '产品清单' }, []);
    mkdirSync(join(a.dir, 'lists'), { recursive: true });
    writeFileSync(join(a.dir, 'lists', '文件清单.txt'), '某词\n');
    const file = a.ws.termLists.byName('negative', '文件清单')!;
    const own = a.ws.termLists.create('negative', META, null, '', { terms: TERMS });
    const error = async (listIds: number[], includeRules = false) => {
      const res = await a.call('rules.exportPack', { listIds, includeRules, note: '' });
      return res.ok ? null : res.error.message;
    };
    expect(await error([builtin.list.id])).toMatch(/随产品提供/);
    expect(await error([file.list.id])).toMatch(/来自数据目录中的文件 lists\/文件清单.txt/);
    expect(await error([])).toMatch(/请至少选择/);
    expect(await error([own.list.id + 100])).toMatch(/找不到该清单/);
    // A pack no workstation would accept is not written at all.
    expectRefused(() => buildPack(packDeps(a.ws), { listIds: [own.list.id], includeRules: false, note: '长'.repeat(501) }), 'refused', /超出规则包的限制/);
    a.save.path = null;
    expect(await a.value('rules.exportPack', { listIds: [own.list.id], includeRules: false, note: '' })).toEqual({ cancelled: true });
    expect(entriesOf(a.ws, 'rules.pack_export')).toEqual([]);
    a.ws.close();
  });
});
