/** The drive list: eligibility badges with their reasons, system drives hidden behind "show N hidden". */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JudgedDrive } from '../../../shared/model/drive';
import { useFormat, useKeyText } from '../../hooks';
import { Button } from '../../components/ui';

export function DriveTable({ drives, selected, onToggle, frozen }: { drives: JudgedDrive[]; selected: string[]; onToggle: (id: string) => void; frozen: boolean }) {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const keyText = useKeyText();
  const [showHidden, setShowHidden] = useState(false);
  const hidden = drives.filter((d) => d.eligibility.hidden).length;
  const shown = drives.filter((d) => showHidden || !d.eligibility.hidden);
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('pages.choose')}</th>
            <th scope="col">{t('pages.drive')}</th>
            <th scope="col">{t('pages.model')}</th>
            <th scope="col">{t('pages.size')}</th>
            <th scope="col">{t('pages.bus')}</th>
            <th scope="col">{t('pages.status')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ drive, eligibility, resumed }) => (
            <tr key={drive.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('pages.chooseDrive', { drive: drive.id })}
                  checked={selected.includes(drive.id)}
                  disabled={frozen || (!eligibility.eligible && !selected.includes(drive.id))}
                  onChange={() => onToggle(drive.id)}
                />
              </td>
              <td className="mono">{drive.id}</td>
              <td>
                {drive.model}
                <br />
                <span className="mono">{drive.serial}</span>
              </td>
              <td>{f.bytes(drive.sizeBytes)}</td>
              <td>{drive.bus}</td>
              <td>
                <span className={`badge ${eligibility.eligible ? (eligibility.warnings.length ? 'badge-warning' : 'badge-success') : 'badge-error'}`}>
                  {eligibility.eligible ? (resumed ? t('pages.resumed') : t('pages.eligible')) : t('pages.notEligible')}
                </span>
                <ul>
                  {[...eligibility.errors, ...eligibility.warnings].map((p) => (
                    <li key={p.name}>{keyText(p.key, p.params)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && (
        <div className="actions-row">
          <Button variant="ghost" onClick={() => setShowHidden(!showHidden)}>
            {showHidden ? t('pages.hideHidden') : t('pages.showHidden', { count: hidden })}
          </Button>
        </div>
      )}
    </>
  );
}
