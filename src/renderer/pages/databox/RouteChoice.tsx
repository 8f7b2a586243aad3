/**
 * The route choice on step 1, by the backup agent's version: Import/Export for DPM 2019 RTM and earlier and MABS v3
 * RTM and earlier; Data Box for DPM 2019 UR2 and later, MABS v3 UR2 and later and the MARS agent
 * (https://learn.microsoft.com/azure/backup/offline-backup-overview). The sidebar's steps follow the choice. After
 * "New job" the wizard opens here with the last job's route preselected and says so until a route is chosen.
 */

import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/ui';
import { routeFromLastJobField, useJobField } from '../../store/currentJob';
import { useSession } from '../../store/session';

const routes = ['importExport', 'dataBox'] as const;

export function RouteChoice() {
  const { t } = useTranslation('databox');
  const route = useSession((s) => s.summary.route) ?? 'importExport';
  const [fromLastJob, setFromLastJob] = useJobField(routeFromLastJobField, false);
  return (
    <fieldset className="route-choice">
      <legend>{t('route.legend')}</legend>
      <p className="field-hint">{t('route.hint')}</p>
      {fromLastJob && <Notice tone="info" title={t('route.newJob')} />}
      {routes.map((r) => (
        <label key={r} className="route-option">
          <input
            type="radio"
            name="route"
            value={r}
            checked={route === r}
            onChange={() => {
              useSession.getState().update({ route: r });
              setFromLastJob(false);
            }}
            aria-describedby={`route-${r}-hint`}
          />
          <span>
            <span className="route-label">{t(`route.${r}.label`)}</span>
            <span className="field-hint" id={`route-${r}-hint`}>
              {t(`route.${r}.hint`)}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
