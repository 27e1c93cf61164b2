import { createRequire } from 'node:module';
import type { Diagnostics, Parameters, checkSync } from 'recheck';
import { customRuleProblem, type CustomRule, type RuleProblem } from '../../../shared/rules/custom-rule';

/**
 * Catastrophic backtracking is refused before a rule is saved or tried, with
 * recheck (automata theory, and fuzzing where that does not apply): it finds
 * exponential and polynomial cases alike, including overlapping alternatives
 * such as `(\w|\d)+x` that star-height checks miss. Its browser build is
 * used: the same pure-JavaScript checker, synchronous, without the Java or
 * native back-ends and the child processes the Node entry may start.
 *
 * recheck judges growth with the input, so a bounded repeat counts as safe
 * however large its bound: `(?:a|\w){1,30}b` is "safe" yet runs for minutes
 * on 40 letters. The pattern is therefore checked a second time with large
 * bounds lifted (`{1,30}` as `{1,}`), and refused if that is exponential.
 * Run time is still bounded where rules run (scan worker, tester).
 */
const PARAMS: Parameters = {
  timeout: 1500,
  // Bounded repeats up to this sum go to the automaton (fast and exact); larger ones are fuzzed, which sees
  // what the automaton calls safe but is not in practice, e.g. `(\w{1,50}\s?){1,20}$`.
  maxRepeatCount: 60,
  randomSeed: 0,
};

const load = createRequire(import.meta.url);
let checker: typeof checkSync | undefined;
/** Loaded on first use: 3 MB of JavaScript that start-up does not need. */
function recheck(): typeof checkSync {
  return (checker ??= (load('recheck/lib/browser.js') as { checkSync: typeof checkSync }).checkSync);
}

/** Verdicts by flags and pattern: saving a rule set re-checks only new or changed patterns. */
const verdicts = new Map<string, RuleProblem | null>();
const MAX_VERDICTS = 2000;

/** Why the pattern may backtrack without end, or null when it is safe. */
export function backtrackingProblem(pattern: string, flags: CustomRule['flags']): RuleProblem | null {
  const key = `${flags}/${pattern}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const lifted = liftBounds(pattern);
  const verdict =
    explain(pattern, recheck()(pattern, `u${flags}`, PARAMS)) ??
    (lifted !== pattern && isExponential(recheck()(lifted, `u${flags}`, PARAMS)) ? BOUNDED_EXPONENTIAL : null);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  // A timeout depends on the machine's load of the moment: asked again, it may decide.
  if (verdict !== UNDECIDED) verdicts.set(key, verdict);
  return verdict;
}

/** Every check a rule must pass before it is saved or tried: shape, syntax, empty match, then backtracking. */
export function ruleProblem(rule: CustomRule): RuleProblem | null {
  return customRuleProblem(rule) ?? backtrackingProblem(rule.pattern, rule.flags);
}

/**
 * Repeats bounded above this are lifted for the second check. Nested bounds
 * multiply: `(?:\w{1,10}){1,6}x` tries up to 10^6 splits at each position
 * (seconds on 60 letters), so even 10 is too many to leave bounded.
 */
const LIFT_ABOVE = 4;

/** `{n,m}` with m above `LIFT_ABOVE` as `{n,}`, outside character classes and escapes. */
export function liftBounds(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '{' && !inClass) {
      const m = /^\{(\d+),(\d+)\}/.exec(pattern.slice(i, i + 24));
      if (m && Number(m[2]) > LIFT_ABOVE) {
        out += `{${m[1]},}`;
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function isExponential(d: Diagnostics): boolean {
  return d.status === 'vulnerable' && d.complexity.type === 'exponential';
}

const BOUNDED_EXPONENTIAL: RuleProblem = {
  zh: '该表达式在嵌套的有界重复中有可相互重叠的写法（如 (a|\\w){1,30}），遇到较长文本会指数级回溯；请去掉重叠或缩小重复上限',
  en: 'the pattern nests bounded repeats of overlapping alternatives and backtracks exponentially on long input',
};

const UNDECIDED: RuleProblem = {
  zh: '无法在限定时间内确认该表达式不会灾难性回溯；请缩小重复次数上限或简化表达式',
  en: 'could not confirm within the time limit that the pattern does not backtrack catastrophically',
};

function explain(pattern: string, d: Diagnostics): RuleProblem | null {
  if (d.status === 'safe') return null;
  if (d.status === 'vulnerable') {
    const hot = d.hotspot.map((h) => pattern.slice(h.start, h.end)).filter((s, i, all) => all.indexOf(s) === i).slice(0, 3);
    const where = hot.length > 0 ? `（问题在：${hot.join('、')}）` : '';
    const whereEn = hot.length > 0 ? ` (at ${hot.join(', ')})` : '';
    const kind = d.complexity.type === 'exponential' ? '指数级' : `${d.complexity.degree} 次多项式级`;
    return {
      zh: `该表达式可能发生${kind}灾难性回溯${where}，遇到特定文本会长时间卡住；请去掉嵌套或可相互重叠的重复，如 (a+)+、(\\w|\\d)+、\\s*,\\s*`,
      en: `the pattern may backtrack catastrophically (${d.complexity.summary})${whereEn}`,
    };
  }
  if (d.error.kind === 'timeout') return UNDECIDED;
  return { zh: '该表达式使用了安全检查不支持的写法，无法确认其安全', en: `the backtracking check cannot analyse this pattern (${d.error.kind})` };
}
