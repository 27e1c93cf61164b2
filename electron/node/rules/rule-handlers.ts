import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { CallContext } from '../../../shared/ipc/dispatch';
import type { Workspace } from '../workspace';

type RuleChannels = 'rules.ruleSet' | 'rules.saveRuleSet' | 'rules.diffRuleSet' | 'rules.testRule' | 'review.rescan';

/** The office's rule set over IPC, and re-scanning a review under it; versions are authored by the signed-in user (or the installation). */
export function ruleHandlers(ws: Workspace): Pick<Handlers<CallContext>, RuleChannels> {
  const store = ws.ruleSets;
  const actor = () => ws.log.actorName ?? 'installation';
  return {
    'rules.ruleSet': async () => store.detail(),
    'rules.saveRuleSet': async ({ note, ...change }) => store.save(change, actor(), note),
    'rules.diffRuleSet': async ({ from, to }) => store.diff(from, to),
    'rules.testRule': async ({ rule, text, reviewId }, ctx) => {
      if (text !== undefined) return store.test(rule, text);
      if (reviewId === undefined) throw new AppError('invalid_request', '请输入示例文本或选择一份文档', 'give sample text or a review');
      // Matches show the document's words: an administrator alone (三员分立) may not read documents.
      if (!ctx.permissions.has('document.read')) throw new AppError('forbidden', '在文档上试用规则需要阅读文档的权限', 'trying a rule on a document needs document.read');
      return store.test(rule, ws.reviews.stored(reviewId).doc.text);
    },
    'review.rescan': async ({ id }) => ws.reviews.rescan(id),
  };
}
