#!/usr/bin/env node
// Writes SHA256SUMS beside the installers in dist/ (or the folder given): one line per installer,
// `<sha256 hex>  <file name>`, the format `sha256sum -c SHA256SUMS` checks. Refuses when the folder
// holds update metadata (latest*.yml, *.blockmap, app-update.yml): the configuration has no publish
// target, so such a file means it was changed, and nothing built that way goes to a workstation.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const INSTALLER = /\.(exe|deb|AppImage|dmg|zip)$/;
const UPDATE_METADATA = /^latest.*\.ya?ml$|\.blockmap$|^app-update\.yml$/;

function sha256(file) {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => done(hash.digest('hex')))
      .on('error', fail);
  });
}

const dir = resolve(process.argv[2] ?? 'dist');
const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile());
const updates = names.filter((n) => UPDATE_METADATA.test(n));
if (updates.length > 0) {
  console.error(`错误：发现更新元数据 ${updates.join(', ')}，配置被改动过，不得用于离线部署 | Error: update metadata found (${updates.join(', ')}); the configuration was changed`);
  process.exit(1);
}
const installers = names.filter((n) => INSTALLER.test(n)).sort();
if (installers.length === 0) {
  console.error(`错误：${dir} 中没有安装包 | Error: no installers in ${dir}`);
  process.exit(1);
}
const lines = [];
for (const name of installers) lines.push(`${await sha256(join(dir, name))}  ${name}`);
writeFileSync(join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
console.log(`→ ${join(dir, 'SHA256SUMS')}`);
