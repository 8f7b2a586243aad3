/** A step's purpose and what the operator will need, from `app:steps.<id>`. */

import { useTranslation } from 'react-i18next';
import { ListChecks } from 'lucide-react';
import type { StepId } from '../../shared/errors';
import { allSteps } from '../steps';
import { Notice } from './ui';

export function StepIntro({ step, notYetAvailable = false }: { step: StepId; notYetAvailable?: boolean }) {
  const { t } = useTranslation('app');
  const meta = allSteps.find((s) => s.id === step)!;
  return (
    <div className="step-intro">
      <section className="intro-card" aria-labelledby={`needs-${step}`}>
        <h2 id={`needs-${step}`} className="intro-heading">
          <ListChecks aria-hidden="true" size={18} /> {t('page.youWillNeed')}
        </h2>
        <ul className="needs-list">
          {meta.needs.map((n) => (
            <li key={n}>{t(n)}</li>
          ))}
        </ul>
      </section>
      {notYetAvailable && <Notice tone="info">{t('page.notYetAvailable')}</Notice>}
    </div>
  );
}
