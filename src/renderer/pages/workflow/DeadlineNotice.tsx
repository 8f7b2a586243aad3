/** The two-week countdown as a notice: information, a warning when close, an error once passed. */

import { useTranslation } from 'react-i18next';
import type { Deadline } from '../../../shared/model/deadline';
import { useFormat } from '../../hooks';
import { formatDaysHours } from '../../../shared/i18n/format';
import { Notice } from '../../components/ui';

export function DeadlineNotice({ deadline }: { deadline: Deadline | null }) {
  const { t } = useTranslation('workflow');
  const f = useFormat();
  if (!deadline) return null;
  const tone = deadline.status === 'passed' ? 'error' : deadline.status === 'warning' ? 'warning' : 'info';
  return (
    <Notice tone={tone}>
      {t(`deadline.${deadline.kind}.${deadline.status}`, { due: f.dateTime(deadline.due), left: formatDaysHours(deadline.days, deadline.hours, f.lang) })}
    </Notice>
  );
}
