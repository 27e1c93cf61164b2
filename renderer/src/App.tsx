import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, SessionView } from '../../shared/ipc/views';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from './api';
import { SignIn } from './components/SignIn';
import { AccountsView } from './components/AccountsView';
import { SessionContext } from './session';
import { Home } from './components/Home';
import { LogView } from './components/LogView';
import { Review } from './components/Review';
import { RulesView } from './rules/RulesView';
import { BatchView } from './batch/BatchView';
import { DataView } from './data/DataView';

type View = { name: 'home' } | { name: 'review'; id: number } | { name: 'log' } | { name: 'accounts' } | { name: 'rules' } | { name: 'batch' } | { name: 'data' };

export function App() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>({ name: 'home' });
  const [error, setError] = useState<string | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);
  const [startup, setStartup] = useState<AppInfo['startupCheck'] | null>(null);

  const onError = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) setError(i18n.language === 'en' ? err.data.messageEn : err.data.message);
      else setError(String(err));
    },
    [i18n.language],
  );

  useEffect(() => {
    call('session.current', {}).then(setSession, onError);
    call('app.info', {}).then((info) => setStartup(info.startupCheck), onError);
  }, [onError]);
  const signOut = () => {
    setView({ name: 'home' });
    call('session.signOut', {}).then(setSession, onError);
  };
  const signedOut = session?.mode === 'accounts' && session.user === null;
  const can = (permission: string) => session !== null && session.permissions.includes(permission);
  // After signing in (or out), open the first page the user may see.
  const landing: View['name'] = can('document.read') ? 'home' : can('log.read') ? 'log' : 'accounts';
  useEffect(() => {
    if (session === null) return; // not known yet
    setView((v) => (signedOut ? { name: 'home' } : v.name === 'home' && landing !== 'home' ? { name: landing } : v));
  }, [session, landing, signedOut]);
  // After a crash or a restart, the review that was open opens again (once per sign-in).
  const resumedFor = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (session === null || signedOut || !session.permissions.includes('document.read')) return;
    const user = session.user?.name ?? null;
    if (resumedFor.current === user) return;
    resumedFor.current = user;
    call('review.resumePoint', {}).then(({ point }) => {
      if (point) setView({ name: 'review', id: point.review });
    }, onError);
  }, [session, signedOut, onError]);

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
          {can('document.read') && (
            <button type="button" className={view.name === 'home' || view.name === 'review' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'home' })}>
              {t('nav.documents')}
            </button>
          )}
          {can('document.import') && (
            <button type="button" className={view.name === 'batch' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'batch' })}>
              {t('nav.batch')}
            </button>
          )}
          {can('log.read') && (
            <button type="button" className={view.name === 'log' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'log' })}>
              {t('nav.log')}
            </button>
          )}
          {can('rules.manage') && (
            <button type="button" className={view.name === 'rules' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'rules' })}>
              {t('nav.rules')}
            </button>
          )}
          {can('data.manage') && (
            <button type="button" className={view.name === 'data' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'data' })}>
              {t('nav.data')}
            </button>
          )}
          {session?.permissions.includes('account.manage') && (
            <button type="button" className={view.name === 'accounts' ? 'tab active' : 'tab'} onClick={() => setView({ name: 'accounts' })}>
              {t('nav.accounts')}
            </button>
          )}
        </nav>
        <div className="topbar-right">
          <span className="badge-offline">{t(session?.mode === 'accounts' ? 'app.offlineAccounts' : 'app.offline')}</span>
          {session?.user && (
            <span className="user-badge" data-testid="user-badge">
              {session.user.name} · {session.user.roles.map((r) => t(`roles.${r}`)).join('、')}
              <button type="button" className="link-button" onClick={signOut}>
                {t('session.signOut')}
              </button>
            </span>
          )}
          <button type="button" className="link-button" onClick={toggleLanguage}>
            {t('app.language')}
          </button>
        </div>
      </header>
      {startup && !startup.ok && (
        <div className="error-banner" role="alert" data-testid="startup-check">
          <strong>{t('startup.broken')}</strong>{' '}
          {startup.brokenAt !== null ? t('log.entry', { seq: startup.brokenAt }) : t('log.end')}：{i18n.language === 'en' ? startup.messageEn : startup.message}
        </div>
      )}
      {error && (
        <div className="error-banner" role="alert">
          <strong>{t('error.title')}：</strong>
          {error}
          <button type="button" className="link-button" onClick={() => setError(null)} aria-label="close">
            ×
          </button>
        </div>
      )}
      <SessionContext.Provider value={session}>
        <main className="content">
          {session === null ? null : signedOut ? (
            <SignIn
              onSignedIn={(s) => {
                setError(null);
                setSession(s);
              }}
              onError={onError}
            />
          ) : (
            <>
              {view.name === 'home' && can('document.read') && <Home onOpen={(id) => setView({ name: 'review', id })} onError={onError} />}
              {view.name === 'review' && <Review key={view.id} id={view.id} onBack={() => setView({ name: 'home' })} onOpen={(id) => setView({ name: 'review', id })} onError={onError} />}
              {view.name === 'log' && <LogView onError={onError} />}
              {view.name === 'rules' && <RulesView onError={onError} />}
              {view.name === 'data' && can('data.manage') && <DataView onError={onError} />}
              {view.name === 'batch' && can('document.import') && <BatchView onOpenReview={(id) => setView({ name: 'review', id })} onError={onError} />}
              {view.name === 'accounts' && session && (
                <AccountsView session={session} onSessionChange={() => call('session.current', {}).then(setSession, onError)} onError={onError} />
              )}
            </>
          )}
        </main>
      </SessionContext.Provider>
    </div>
  );
}
