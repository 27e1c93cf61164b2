import { describe, expect, it } from 'vitest';
import { backtrackingProblem, liftBounds, ruleProblem } from '../../electron/node/rules/regex-safety';
import { projectRule } from '../fixtures/custom-rules';

describe('catastrophic backtracking (recheck)', () => {
  it.each(['(a+)+$', '(\\w|\\d)+x', '(.*)*y', '^(\\d|\\d\\d)+$', '编号(\\d+\\s*)+号'])('refuses the exponential %s', (pattern) => {
    expect(backtrackingProblem(pattern, '')?.zh).toMatch(/^该表达式可能发生指数级灾难性回溯/);
  });

  it('names the part of the pattern at fault', () => {
    expect(backtrackingProblem('(\\w|\\d)+x', '')?.zh).toContain('问题在：\\w、\\d');
  });

  it.each(['\\s*,\\s*', '\\d+\\d+x', '.*a.*b.*c'])('refuses the polynomial %s', (pattern) => {
    expect(backtrackingProblem(pattern, '')?.zh).toMatch(/多项式级灾难性回溯/);
  });

  it('refuses nested bounded repeats that recheck alone calls safe', () => {
    // Asymptotically "safe" (the bound is finite) but minutes on 40 letters: caught with the bound lifted.
    expect(backtrackingProblem('(?:a|\\w){1,30}b', '')?.zh).toMatch(/有界重复/);
    expect(backtrackingProblem('(?:\\w{1,10}){1,6}x', '')?.zh).toMatch(/有界重复/);
  });

  it.each(['[A-Z]{2}-\\d{4}-\\d{3}', '项目编号[:：]\\s*\\w+', '[\\u4e00-\\u9fa5]{2,40}(?:有限公司|集团)', '(?<=合同编号[:：])\\d{6,12}', '\\d{4}年\\d{1,2}月\\d{1,2}日'])(
    'accepts the everyday %s',
    (pattern) => {
      expect(backtrackingProblem(pattern, '')).toBeNull();
      expect(backtrackingProblem(pattern, 'i')).toBeNull();
    },
  );

  it('lifts only large upper bounds, outside classes and escapes', () => {
    expect(liftBounds('(?:a|\\w){1,30}b\\d{2,4}[{1,30}]\\{1,30}')).toBe('(?:a|\\w){1,}b\\d{2,4}[{1,30}]\\{1,30}');
  });

  it('checks shape first, then backtracking', () => {
    expect(ruleProblem(projectRule({ pattern: '(a+' }))?.zh).toMatch(/语法错误/);
    expect(ruleProblem(projectRule({ pattern: '(a+)+$' }))?.en).toMatch(/exponential/);
    expect(ruleProblem(projectRule())).toBeNull();
  });
});
