import type { CustomRule, RuleTestResult } from '../../../shared/ipc/views';
import { BUILTIN_DETECTORS } from '../../../shared/rules/engine';
import { ScanBudgetExceeded, type Scanner } from '../scan/scanner';
import { ruleProblem } from './regex-safety';

/** How long a tried rule may run; the app's scanner runs it in a worker it terminates then. */
export const TEST_BUDGET_MS = 2000;
/** Matches returned at most: enough to judge a rule, small enough to show. */
export const MAX_TEST_MATCHES = 1000;

/**
 * Tries a rule that is not saved: checked like a saved one, then run by the
 * engine itself (one custom rule, every built-in detector off, no
 * threshold), so scores and context words are exactly what a scan gives.
 */
export async function testRule(rule: CustomRule, text: string, scan: Scanner, budgetMs = TEST_BUDGET_MS): Promise<RuleTestResult> {
  const problem = ruleProblem(rule);
  if (problem) return { matches: [], timedOut: false, refused: problem.zh };
  const overlay = { version: 0, customRules: [{ ...rule, enabled: true }], disabledDetectors: BUILTIN_DETECTORS.map((d) => d.id) };
  try {
    const { findings } = await scan(text, { overlay, threshold: 0 }, { budgetMs });
    const matches = findings.slice(0, MAX_TEST_MATCHES).map((f) => ({ start: f.start, end: f.end, text: f.text, score: f.score, contextWords: f.explanation.contextWords }));
    return { matches, timedOut: false, refused: null };
  } catch (err) {
    if (!(err instanceof ScanBudgetExceeded)) throw err;
    const seconds = budgetMs >= 1000 ? `${budgetMs / 1000} 秒` : `${budgetMs} 毫秒`;
    return { matches: [], timedOut: true, refused: `该规则在 ${seconds}内未能运行完毕，可能发生灾难性回溯，不能使用` };
  }
}
