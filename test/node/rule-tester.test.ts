import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleProblem } from '../../electron/node/rules/regex-safety';
import { TEST_BUDGET_MS, testRule } from '../../electron/node/rules/rule-tester';
import { inProcessScanner, workerScanner } from '../../electron/node/scan/scanner';
import { projectRule } from '../fixtures/custom-rules';

/** The worker as the app runs it: the built bundle (npm test builds first). */
const WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'scan-worker.js');
const FILLER = '本段文字只是为了把上下文词隔开，与编号无关的叙述内容。';
const TEXT = `项目编号：ZX-2024-017。${FILLER}备用 AB-2023-001。${FILLER}另见项目编号 CD-2022-002`;
const at = (code: string) => ({ start: TEXT.indexOf(code), end: TEXT.indexOf(code) + code.length, text: code });

describe('trying a rule before it is saved', () => {
  it('returns each match with its score after context and the context words found', async () => {
    const result = await testRule(projectRule({ enabled: false }), TEXT, inProcessScanner);
    expect(result).toEqual({
      timedOut: false,
      refused: null,
      matches: [
        { ...at('ZX-2024-017'), score: 0.9, contextWords: ['项目编号'] },
        { ...at('AB-2023-001'), score: 0.7, contextWords: [] },
        { ...at('CD-2022-002'), score: 0.9, contextWords: ['项目编号'] },
      ],
    });
  });

  it('shows weak matches too (no threshold) and no built-in findings', async () => {
    const result = await testRule(projectRule({ score: 0.1, contextWords: [] }), `${TEXT} 电话 13812345678`, inProcessScanner);
    expect(result.matches.map((m) => [m.text, m.score])).toEqual([['ZX-2024-017', 0.1], ['AB-2023-001', 0.1], ['CD-2022-002', 0.1]]);
  });

  it('refuses an unsafe or empty-matching pattern without running it', async () => {
    const never = () => Promise.reject(new Error('must not run'));
    expect(await testRule(projectRule({ pattern: '(\\w|\\d)+x' }), TEXT, never)).toMatchObject({ matches: [], timedOut: false, refused: expect.stringMatching(/指数级灾难性回溯/) });
    expect(await testRule(projectRule({ pattern: '[A-Z]*' }), TEXT, never)).toMatchObject({ refused: expect.stringMatching(/空字符串/) });
  });
});

describe.skipIf(!existsSync(WORKER))('trying a rule in the scan worker', () => {
  const scan = workerScanner(pathToFileURL(WORKER));

  it('gives the same matches as in-process', async () => {
    expect(await testRule(projectRule(), TEXT, scan)).toEqual(await testRule(projectRule(), TEXT, inProcessScanner));
  });

  it('stops a rule that passes the checks but runs past its budget, and says so', async () => {
    // Bounded repeats: linear in theory (so the checks pass), about 5 s on 2 million digits in practice.
    const slow = projectRule({ pattern: '\\d{1,20}\\d{1,20}x' });
    expect(ruleProblem(slow)).toBeNull();
    const started = performance.now();
    const result = await testRule(slow, '1'.repeat(2_000_000), scan);
    expect(result).toEqual({ matches: [], timedOut: true, refused: '该规则在 2 秒内未能运行完毕，可能发生灾难性回溯，不能使用' });
    expect(performance.now() - started).toBeLessThan(TEST_BUDGET_MS + 1500);
  });
});
