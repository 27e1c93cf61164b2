import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../fixtures/temp';

/** scripts/checksums.mjs: SHA256SUMS for the installers an office carries to its workstations. */

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'checksums.mjs');

function checksums(dir: string) {
  const res = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A dist/ folder as electron-builder leaves it: installers, its logs, the unpacked app. */
function distFolder(dir: string): Record<string, Buffer> {
  const installers = {
    'mishen-0.1.0-linux-amd64.deb': randomBytes(70_000),
    'mishen-0.1.0-linux-arm64.AppImage': randomBytes(90_000),
    'mishen-0.1.0-win-x64.exe': randomBytes(50_000),
  };
  for (const [name, bytes] of Object.entries(installers)) writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, 'builder-debug.yml'), 'x64: {}\n');
  mkdirSync(join(dir, 'linux-unpacked'));
  writeFileSync(join(dir, 'linux-unpacked', 'mishen'), 'not an installer');
  return installers;
}

describe('scripts/checksums.mjs', () => {
  const temp = useTempDirs();

  it('lists every installer, sorted, with its SHA-256, in the format sha256sum -c checks', () => {
    const dir = temp();
    const installers = distFolder(dir);
    expect(checksums(dir).code).toBe(0);
    const expected = Object.keys(installers)
      .sort()
      .map((name) => `${createHash('sha256').update(installers[name]!).digest('hex')}  ${name}`);
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(`${expected.join('\n')}\n`);

    // coreutils checks the file independently, and notices a changed installer.
    const ok = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(3);
    writeFileSync(join(dir, 'mishen-0.1.0-win-x64.exe'), randomBytes(50_000));
    const changed = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(changed.status).not.toBe(0);
    expect(changed.stdout).toMatch(/mishen-0\.1\.0-win-x64\.exe: FAILED/);
  });

  it('refuses a folder with update metadata, which only a changed configuration produces', () => {
    for (const name of ['latest-linux.yml', 'mishen-0.1.0-win-x64.exe.blockmap']) {
      const dir = temp();
      distFolder(dir);
      writeFileSync(join(dir, name), 'version: 0.1.0\n');
      const res = checksums(dir);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(name);
      expect(existsSync(join(dir, 'SHA256SUMS'))).toBe(false);
    }
  });

  it('refuses a folder without installers', () => {
    const dir = temp();
    writeFileSync(join(dir, 'builder-debug.yml'), '');
    const res = checksums(dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/没有安装包/);
  });
});
