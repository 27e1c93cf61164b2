import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The file waiting for its password. */
  name: string;
  /** The last password was wrong. */
  wrong: boolean;
  busy: boolean;
  onSubmit(password: string): void;
}

/** Asks for the opening password of an encrypted PDF (again when the last was wrong): imports, and files opened from a folder check. */
export function PasswordPrompt({ name, wrong, busy, onSubmit }: Props) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <form
      className="password-row"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(password);
        setPassword('');
      }}
    >
      <span className={wrong ? 'warn-text' : 'muted'}>{wrong ? t('home.passwordWrong') : t('home.passwordNeeded', { name })}</span>
      <input type="password" autoFocus value={password} aria-label={t('home.password')} placeholder={t('home.password')} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit" className="primary" disabled={busy || password.length === 0}>
        {t('home.openWithPassword')}
      </button>
    </form>
  );
}
