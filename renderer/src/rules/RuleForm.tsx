import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomRule } from '../../../shared/ipc/views';
import { CATEGORIES, FINDING_TYPES, TYPE_CATEGORY } from '../../../shared/rules/finding';

interface Props {
  initial: CustomRule;
  /** Ids of the other rules: an id names one rule. */
  taken: readonly string[];
  onSave(rule: CustomRule): void;
  onCancel(): void;
  /** The live tester, given the rule as it is being edited. */
  tester(rule: CustomRule): ReactNode;
}

/** A custom rule's fields; the pattern is checked (syntax, runaway backtracking) by main when tried or saved. */
export function RuleForm({ initial, taken, onSave, onCancel, tester }: Props) {
  const { t } = useTranslation();
  const [rule, setRule] = useState<CustomRule>(initial);
  const [words, setWords] = useState(initial.contextWords.join('、'));
  const set = (patch: Partial<CustomRule>) => setRule((r) => ({ ...r, ...patch }));
  const idOk = /^[A-Za-z0-9_-]{1,40}$/.test(rule.id) && !taken.includes(rule.id);
  const current: CustomRule = { ...rule, contextWords: words.split(/[、,，\s]+/).map((w) => w.trim()).filter(Boolean) };
  return (
    <form
      className="panel rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(current);
      }}
    >
      <div className="form-row">
        <label className="field">
          <span>{t('rules.ruleId')}</span>
          <input type="text" value={rule.id} maxLength={40} onChange={(e) => set({ id: e.target.value })} aria-invalid={!idOk} />
        </label>
        <label className="field">
          <span>{t('rules.ruleName')}</span>
          <input type="text" value={rule.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="field wide">
          <span>{t('rules.pattern')}</span>
          <input type="text" className="mono" value={rule.pattern} maxLength={1000} onChange={(e) => set({ pattern: e.target.value })} />
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={rule.flags === 'i'} onChange={(e) => set({ flags: e.target.checked ? 'i' : '' })} /> {t('rules.ignoreCase')}
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          <span>{t('rules.type')}</span>
          <select value={rule.type} onChange={(e) => set({ type: e.target.value, category: TYPE_CATEGORY[e.target.value as keyof typeof TYPE_CATEGORY] })}>
            {FINDING_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('rules.columns.category')}</span>
          <select value={rule.category} onChange={(e) => set({ category: e.target.value as CustomRule['category'] })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('rules.score')}</span>
          <input type="number" min={0} max={1} step={0.05} value={rule.score} onChange={(e) => set({ score: Math.min(1, Math.max(0, Number(e.target.value))) })} />
        </label>
        <label className="field wide">
          <span>{t('rules.contextWords')}</span>
          <input type="text" value={words} placeholder="项目代号、编号" onChange={(e) => setWords(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('rules.contextBoost')}</span>
          <input type="number" min={0} max={1} step={0.05} value={rule.contextBoost} onChange={(e) => set({ contextBoost: Math.min(1, Math.max(0, Number(e.target.value))) })} />
        </label>
      </div>
      <div className="form-row">
        <label className="field wide">
          <span>{t('rules.basis')}</span>
          <input type="text" value={rule.basis} maxLength={500} onChange={(e) => set({ basis: e.target.value })} />
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('rules.useInScans')}
        </label>
      </div>
      {tester(current)}
      <div className="panel-actions">
        <button type="submit" className="primary" disabled={!idOk || !rule.name.trim() || !rule.pattern || !rule.basis.trim()}>
          {t('rules.saveRule')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('rules.cancel')}
        </button>
      </div>
    </form>
  );
}
