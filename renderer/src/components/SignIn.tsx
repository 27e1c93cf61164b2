import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../shared/ipc/views';
import { call } from '../api';

interface Props {
  onSignedIn(session: SessionView): void;
  onError(err: unknown): void;
}

/** Accounts exist: nothing is shown or allowed before a user signs in with their own password. */
export function SignIn({ onSignedIn, onError }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel sign-in"
      aria-label={t('session.title')}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        call('session.signIn', { name, password })
          .then(onSignedIn, onError)
          .finally(() => {
            setBusy(false);
            setPassword('');
          });
      }}
    >
      <h2>{t('session.title')}</h2>
      <label className="field">
        <span>{t('session.name')}</span>
        <input type="text" autoFocus autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('session.password')}</span>
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || !name || !password}>
        {t('session.signIn')}
      </button>
    </form>
  );
}
