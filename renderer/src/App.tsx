import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { Home } from './components/Home';
import { LogView } from './components/LogView';
import { Review } from './components/Review';

type View = { name: 'home' } | { name: 'review'; id: number } | { name: 'log' };

export function App() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>({ name: 'home' });
  const [error, setError] = useState<string | null>(null);

  const onError = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) setError(i18n.language === 'en' ? err.data.messageEn : err.data.message);
      else setError(String(err));
    },
    [i18n.language],
  );

  const toggleLanguage = () => void i18n.changeLanguage(i18n.language === 'en' ? 'zh-CN' : 'en');

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">密</span>
          <span className="brand-name">{t('app.title')}</span>
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
        <nav className="tabs" aria-label="main">
          <button type="button" className={view.name !== 'log' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'home' })}>
            {t('nav.documents')}
          </button>
          <button type="button" className={view.name === 'log' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'log' })}>
            {t('nav.log')}
          </button>
        </nav>
        <div className="topbar-right">
          <span className="badge-offline">{t('app.offline')}</span>
          <button type="button" className="link-button" onClick={toggleLanguage}>
            {t('app.language')}
          </button>
        </div>
      </header>
      {error && (
        <div className="error-banner" role="alert">
          <strong>{t('error.title')}：</strong>
          {error}
          <button type="button" className="link-button" onClick={() => setError(null)} aria-label="close">
            ×
          </button>
        </div>
      )}
      <main className="content">
        {view.name === 'home' && <Home onOpen={(id) => setView({ name: 'review', id })} onError={onError} />}
        {view.name === 'review' && <Review id={view.id} onBack={() => setView({ name: 'home' })} onError={onError} />}
        {view.name === 'log' && <LogView onError={onError} />}
      </main>
    </div>
  );
}
