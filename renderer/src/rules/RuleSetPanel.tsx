import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomRule, RuleSetDetail, VersionDiff } from '../../../shared/ipc/views';
import { BASIS } from '../../../shared/rules/basis';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { authorName, DiffView } from './DiffView';
import { RuleForm } from './RuleForm';
import { RuleTester } from './RuleTester';

const BLANK: CustomRule = {
  id: '',
  name: '',
  pattern: '',
  flags: '',
  type: 'internal_request',
  category: 'internal',
  score: 0.8,
  contextWords: [],
  contextBoost: 0.1,
  basis: BASIS.internalProcess,
  enabled: true,
};

/** The office's own regular-expression rules: edit, try on text or a document, save as a new version, compare versions. */
export function RuleSetPanel({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [detail, setDetail] = useState<RuleSetDetail | null>(null);
  const [editing, setEditing] = useState<{ rule: CustomRule; index: number } | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const load = useCallback(() => call('rules.ruleSet', {}).then(setDetail, onError), [onError]);
  useEffect(() => void load(), [load]);
  if (!detail) return <p className="muted">{t('rules.loading')}</p>;
  const save = (customRules: CustomRule[], note: string) =>
    call('rules.saveRuleSet', { expectedVersion: detail.version, customRules, disabledDetectors: detail.disabledDetectors, note }).then((d) => {
      setDetail(d);
      setEditing(null);
    }, onError);
  const rules = detail.customRules;
  return (
    <section className="rule-set" data-testid="rule-set">
      <p className="muted">
        {t('rules.ruleSetVersion', { version: detail.version, builtin: detail.builtin })}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('rules.ruleName')}</th>
            <th>{t('rules.pattern')}</th>
            <th>{t('rules.type')}</th>
            <th className="num">{t('rules.score')}</th>
            <th>{t('rules.columns.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={r.id}>
              <td>
                {r.name} <span className="muted small mono">{r.id}</span>
              </td>
              <td className="mono small">{r.pattern}</td>
              <td>{t(`type.${r.type}`, { defaultValue: r.type })}</td>
              <td className="num">{r.score.toFixed(2)}</td>
              <td>{r.enabled ? <span className="ok-text">✓ {t('rules.enabled')}</span> : <span className="muted">○ {t('rules.disabled')}</span>}</td>
              <td>
                <button type="button" className="link-button" onClick={() => setEditing({ rule: r, index: i })}>
                  {t('rules.edit')}
                </button>
                <button type="button" className="link-button" onClick={() => void save(rules.filter((_, j) => j !== i), t('rules.notes.ruleRemoved', { name: r.name }))}>
                  {t('rules.remove')}
                </button>
              </td>
            </tr>
          ))}
          {rules.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {t('rules.noRules')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!editing && (
        <button type="button" className="primary" onClick={() => setEditing({ rule: BLANK, index: -1 })}>
          {t('rules.newRule')}
        </button>
      )}
      {editing && (
        <div className="rule-edit">
          <RuleForm
            initial={editing.rule}
            taken={rules.filter((_, j) => j !== editing.index).map((r) => r.id)}
            onCancel={() => setEditing(null)}
            onSave={(rule) => {
              const next = editing.index < 0 ? [...rules, rule] : rules.map((r, j) => (j === editing.index ? rule : r));
              void save(next, t(editing.index < 0 ? 'rules.notes.ruleAdded' : 'rules.notes.ruleChanged', { name: rule.name }));
            }}
            tester={(rule) => <RuleTester rule={rule} onError={onError} />}
          />
        </div>
      )}
      {detail.versions.length > 0 && (
        <div className="panel">
          <h3>{t('rules.history')}</h3>
          <ol className="versions">
            {detail.versions.map((v) => (
              <li key={v.version}>
                <strong>v{v.version}</strong> <span className="muted small">{formatDateTime(v.at, i18n.language)} · {authorName(v.author, t)}</span> <span className="small">{v.note}</span>
                {v.version > 1 && (
                  <button type="button" className="link-button" onClick={() => call('rules.diffRuleSet', { from: v.version - 1, to: v.version }).then(setDiff, onError)}>
                    {t('rules.showDiff')}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {diff && <DiffView diff={diff} />}
        </div>
      )}
    </section>
  );
}
