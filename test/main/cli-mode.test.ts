import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArguments, runBuiltCli } from '../../electron/main/cli-mode';

const OUT_MAIN = join(process.cwd(), 'out', 'main');

describe('the installed executable as a command line (Mishen --cli …)', () => {
  it('takes everything after --cli as the command, and nothing when started as the app', () => {
    expect(cliArguments(['/opt/Mishen/mishen', '--cli', 'restore', '备份', '--replace'])).toEqual(['restore', '备份', '--replace']);
    expect(cliArguments(['C:\\Program Files\\Mishen\\Mishen.exe', '--cli'])).toEqual([]);
    expect(cliArguments(['/opt/Mishen/mishen', '--data-dir', '/srv/mishen'])).toBeNull();
  });

  it.skipIf(!existsSync(join(OUT_MAIN, 'cli.js')))('runs the built CLI beside the main bundle and returns its exit code', async () => {
    expect(await runBuiltCli(OUT_MAIN, ['--version'])).toBe(0);
    expect(await runBuiltCli(OUT_MAIN, ['no-such-command'])).toBe(2);
  });
});
