import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListsPanel } from './ListsPanel';
import { PacksPanel } from './PacksPanel';
import { RuleSetPanel } from './RuleSetPanel';

type Tab = 'lists' | 'rules' | 'packs';

/** The administrator's page for the office's own lists, rules and rule packs. */
export function RulesView({ onError }: { onError(err: unknown): void }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('lists');
  return (
    <div className="rules-view" data-testid="rules-view">
      <h1 className="doc-title">{t('rules.title')}</h1>
      <div className="tabs" role="tablist" aria-label={t('rules.title')}>
        {(['lists', 'rules', 'packs'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k)}>
            {t(`rules.tabs.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'lists' && <ListsPanel onError={onError} />}
      {tab === 'rules' && <RuleSetPanel onError={onError} />}
      {tab === 'packs' && <PacksPanel onError={onError} />}
    </div>
  );
}
