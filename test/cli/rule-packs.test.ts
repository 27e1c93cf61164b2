import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ListMeta } from '../../shared/ipc/views';
import { openWorkspace } from '../../electron/node/workspace';
import { mishen } from '../fixtures/cli';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();
const META: ListMeta = { name: '涉密项目代号', category: 'classified', basis: '《保守国家秘密法》第十三条', owner: '保密办', enabled: true };
const ADMIN = { MISHEN_NEW_PASSWORD: '管理员口令-2026-admin' };

/** A data folder holding the office's list (written in-process: the CLI has no list editor). */
function withList(dir: string): void {
  const ws = openWorkspace(dir);
  ws.termLists.create('negative', META, null, '建立', { terms: [{ term: '红星工程', note: '', disabled: false }] });
  ws.close();
}

function listIn(dir: string) {
  const ws = openWorkspace(dir);
  try {
    return { detail: ws.termLists.byName('negative', META.name), verified: ws.log.verify().ok };
  } finally {
    ws.close();
  }
}

describe('mishen rules', () => {
  it('exports a signed pack, and imports it elsewhere only once its key is trusted', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    withList(a);
    const pack = join(dir, '清单.mishen-rules');
    const exp = mishen(['rules', 'export-pack', pack, '--list', META.name, '--note', '第四季度', '--data-dir', a]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/已导出规则包.*涉密项目代号@v1/);
    expect(mishen(['rules', 'export-pack', pack, '--data-dir', a]).code).toBe(3); // never overwrites
    expect(mishen(['rules', 'export-pack', join(dir, 'x.mishen-rules'), '--list', '没有的清单', '--data-dir', a]).stderr).toMatch(/找不到清单“没有的清单”/);

    const keys = mishen(['rules', 'keys', '--out', join(dir, 'a.pem'), '--data-dir', a]);
    expect(keys.code, keys.stderr).toBe(0);
    const fingerprint = /signing key: ([0-9a-f]{64})/.exec(keys.stdout)![1]!;
    expect(readFileSync(join(dir, 'a.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const dry = mishen(['rules', 'import-pack', pack, '--dry-run', '--data-dir', b]);
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain(`签名公钥指纹 ${fingerprint}（未受信任`);
    expect(dry.stderr).toMatch(/未受本机信任|不能导入/);
    expect(mishen(['rules', 'import-pack', pack, '--data-dir', b]).stderr).toMatch(/未受本机信任/);

    expect(mishen(['rules', 'trust', join(dir, 'a.pem'), '--data-dir', b]).code).toBe(2); // --label is required
    const trusted = mishen(['rules', 'trust', join(dir, 'a.pem'), '--label', '市保密办', '--data-dir', b]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain(fingerprint);
    const preview = mishen(['rules', 'import-pack', pack, '--dry-run', '--data-dir', b]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/负面清单“涉密项目代号”1 条：新建[\s\S]*预览，未导入/);
    expect(listIn(b).detail).toBeNull();
    const imported = mishen(['rules', 'import-pack', pack, '--json', '--data-dir', b]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ trusted: true, signer: fingerprint, lists: [{ name: META.name, action: 'create' }] });
    expect(listIn(b)).toMatchObject({ detail: { terms: [{ term: '红星工程' }], list: { version: 1 } }, verified: true });
    expect(mishen(['log', 'verify', '--data-dir', b]).code).toBe(0);

    // A pack altered on the medium is refused with exit 3.
    writeFileSync(pack, readFileSync(pack, 'utf8').replace('红星工程', '红星工厂'));
    const altered = mishen(['rules', 'import-pack', pack, '--data-dir', b]);
    expect(altered.code).toBe(3);
    expect(altered.stderr).toMatch(/已被改动/);

    expect(mishen(['rules', 'untrust', fingerprint, '--data-dir', b]).code).toBe(0);
    expect(mishen(['rules', 'keys', '--data-dir', b]).stdout).toMatch(/trusted keys: 0/);
  });

  it('needs an administrator once accounts exist, and signs with that account key', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    withList(a);
    expect(mishen(['user', 'add', 'admin', '--role', 'administrator', '--data-dir', a], ADMIN).code).toBe(0);
    const reviewer = { MISHEN_NEW_PASSWORD: '审查口令-2026-秋季' };
    expect(mishen(['user', 'add', 'zhang', '--role', 'reviewer', '--user', 'admin', '--data-dir', a], { ...reviewer, MISHEN_PASSWORD: ADMIN.MISHEN_NEW_PASSWORD }).code).toBe(0);
    const pack = join(dir, 'p.mishen-rules');
    expect(mishen(['rules', 'export-pack', pack, '--data-dir', a]).code).toBe(2);
    expect(mishen(['rules', 'export-pack', pack, '--user', 'zhang', '--data-dir', a], { MISHEN_PASSWORD: reviewer.MISHEN_NEW_PASSWORD }).stderr).toMatch(/无权执行/);
    const exp = mishen(['rules', 'export-pack', pack, '--user', 'admin', '--data-dir', a], { MISHEN_PASSWORD: ADMIN.MISHEN_NEW_PASSWORD });
    expect(exp.code, exp.stderr).toBe(0);
    const admin = /admin\t[^\t]*\tadministrator\t([0-9a-f]{64})/.exec(mishen(['user', 'list', '--data-dir', a]).stdout)![1];
    expect(JSON.parse(readFileSync(pack, 'utf8'))).toMatchObject({ createdBy: 'admin', signer: { fingerprint: admin } });
  });

  it('is in the help, and a wrong subcommand is a usage error', () => {
    const help = mishen(['--help']).stdout;
    for (const usage of ['mishen rules export-pack OUT', 'mishen rules import-pack FILE [--dry-run]', 'mishen rules trust PEM --label LABEL']) expect(help).toContain(usage);
    expect(mishen(['rules', 'frobnicate']).code).toBe(2);
  });
});
