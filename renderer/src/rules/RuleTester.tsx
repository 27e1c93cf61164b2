import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomRule, DocumentSummary, RuleTestResult } from '../../../shared/ipc/views';
import { call } from '../api';

const SAMPLE = '关于“蓝鲸”项目（项目代号 LJ-2024-017）进展情况的报告\n联系人：王芳，电话：13812345678。';

/** Tries the rule as edited on sample text or on a document's text; main runs it with a time budget. */
export function RuleTester({ rule, onError }: { rule: CustomRule; onError(err: unknown): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(SAMPLE);
  const [reviews, setReviews] = useState<DocumentSummary[] | null>(null);
  const [reviewId, setReviewId] = useState<number | null>(null);
  const [result, setResult] = useState<RuleTestResult | null>(null);
  // Documents are listed only for someone who may read them (an administrator alone may not).
  useEffect(() => void call('documents.list', {}).then(setReviews, () => setReviews(null)), []);
  const run = () =>
    call('rules.testRule', { rule, ...(reviewId !== null ? { reviewId } : { text }) }).then(setResult, onError);
  useEffect(() => setResult(null), [rule.pattern, rule.flags]);
  return (
    <div className="rule-tester" data-testid="rule-tester">
      <h4>{t('rules.tester')}</h4>
      {reviews && reviews.length > 0 && (
        <label className="field inline">
          <span>{t('rules.testOn')}</span>
          <select value={reviewId ?? ''} onChange={(e) => setReviewId(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('rules.sampleText')}</option>
            {reviews.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {reviewId === null && <textarea rows={3} value={text} aria-label={t('rules.sampleText')} onChange={(e) => setText(e.target.value)} />}
      <button type="button" onClick={() => void run()} disabled={!rule.pattern}>
        {t('rules.test')}
      </button>
      {result && (
        <div role="status" className="test-result" data-testid="test-result">
          {result.refused ? (
            <p className="warn-text">{result.refused}</p>
          ) : result.timedOut ? (
            <p className="warn-text">{t('rules.timedOut')}</p>
          ) : (
            <>
              <p>{t('rules.matches', { count: result.matches.length })}</p>
              <ul className="small">
                {result.matches.slice(0, 50).map((m) => (
                  <li key={m.start}>
                    <mark className="hl">{m.text}</mark> <span className="muted">{t('rules.at', { start: m.start })} · {m.score.toFixed(2)}</span>
                    {m.contextWords.length > 0 && <span className="muted"> · {m.contextWords.join('、')}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
