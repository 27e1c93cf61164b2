#!/usr/bin/env node
// Entry of the `mishen` command: the CLI is built with the app (`npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('错误：尚未构建，请先运行 npm run build | Error: not built yet; run npm run build first\n');
  process.exit(1);
}
const { run } = await import(cli.href);
process.exitCode = await run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
