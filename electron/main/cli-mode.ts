import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `Mishen --cli COMMAND …`: the command line of an installed copy. The
 * runAsNode fuse is off, so the installed executable cannot run
 * `bin/mishen.js` as Node; it runs the same built CLI (`out/main/cli.js`)
 * in its main process instead, opens no window, and exits with its code.
 * Null when the app is started normally.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}

interface BuiltCli {
  run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number>;
}

/** Loads the built CLI beside this bundle (by path, as `bin/mishen.js` does) and runs one command. */
export async function runBuiltCli(mainDir: string, argv: string[]): Promise<number> {
  const cli = (await import(pathToFileURL(join(mainDir, 'cli.js')).href)) as BuiltCli;
  return cli.run(
    argv,
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`),
  );
}
