import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../shared/ipc/views';
import { call } from '../api';

interface Props {
  view: ReviewView;
  onChange(view: ReviewView): void;
  onError(err: unknown): void;
}

/** The approver's sign-off of a submitted review (审批): approve with an opinion, or return with a reason. */
export function ApprovalPanel({ view, onChange, onError }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const id = view.document.id;
  if (view.document.status !== 'submitted') return null;
  return (
    <div className="approval" data-testid="approval">
      <input type="text" value={text} aria-label={t('approval.opinion')} placeholder={t('approval.opinion')} onChange={(e) => setText(e.target.value)} />
      <button type="button" className="primary" onClick={() => call('review.approve', { id, opinion: text }).then(onChange, onError)}>
        {t('approval.approve')}
      </button>
      <button type="button" disabled={text.trim().length < 2} onClick={() => call('review.return', { id, reason: text }).then(onChange, onError)}>
        {t('approval.return')}
      </button>
    </div>
  );
}
