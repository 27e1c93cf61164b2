import { CATEGORIES, type Category } from '../../shared/rules/finding';
import { REDACTION_STYLES, type RedactionStyle, type StyleChoice } from '../../shared/review/redaction';
import { UsageError } from './errors';

const isStyle = (s: string): s is RedactionStyle => (REDACTION_STYLES as readonly string[]).includes(s);
const isCategory = (s: string): s is Category | 'manual' => s === 'manual' || (CATEGORIES as readonly string[]).includes(s);

/** `--style mask`, `--style personal=court` (repeatable): one style for the run, others per category. */
export function parseStyles(args: readonly string[]): StyleChoice {
  const choice: StyleChoice = { style: 'block' };
  for (const arg of args) {
    const [left, right] = arg.includes('=') ? arg.split('=', 2) : [undefined, arg];
    if (!isStyle(right!) || (left !== undefined && !isCategory(left))) {
      throw new UsageError(
        `--style 取值无效：${arg}（样式为 ${REDACTION_STYLES.join('、')}；类别为 ${CATEGORIES.join('、')}、manual）`,
        `invalid --style ${arg} (styles: ${REDACTION_STYLES.join(', ')}; categories: ${CATEGORIES.join(', ')}, manual)`,
      );
    }
    if (left === undefined) choice.style = right;
    else choice.byCategory = { ...choice.byCategory, [left]: right };
  }
  return choice;
}
