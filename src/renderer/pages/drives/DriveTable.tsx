/**
 * The drive list: eligibility badges with their reasons, system drives hidden behind "show N hidden". Four columns
 * (choice, drive with model and serial, size and bus, status) in a fixed layout whose long names wrap, so the list
 * fits its card down to a 1024-pixel window.
 */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JudgedDrive } from '../../../shared/model/drive';
import { useFormat, useKeyText } from '../../hooks';
import { Button } from '../../components/ui';
import './drives.css';

export function DriveTable({ drives, selected, onToggle, frozen }: { drives: JudgedDrive[]; selected: string[]; onToggle: (id: string) => void; frozen: boolean }) {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const keyText = useKeyText();
  const [showHidden, setShowHidden] = useState(false);
  const hidden = drives.filter((d) => d.eligibility.hidden).length;
  const shown = drives.filter((d) => showHidden || !d.eligibility.hidden);
  return (
    <>
      <table className="table drive-table">
        <colgroup>
          <col className="drive-col-choose" />
          <col className="drive-col-drive" />
          <col className="drive-col-size" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('pages.choose')}</th>
            <th scope="col">{t('pages.drive')}</th>
            <th scope="col">{t('pages.size')}</th>
            <th scope="col">{t('pages.status')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ drive, eligibility, resumed }) => (
            <tr key={drive.id} className={selected.includes(drive.id) ? 'drive-chosen' : undefined}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('pages.chooseDrive', { drive: drive.id })}
                  checked={selected.includes(drive.id)}
                  disabled={frozen || (!eligibility.eligible && !selected.includes(drive.id))}
                  onChange={() => onToggle(drive.id)}
                />
              </td>
              <td>
                <span className="mono drive-id">{drive.id}</span>
                <span className="drive-model">{drive.model}</span>
                <span className="mono drive-serial">{drive.serial}</span>
              </td>
              <td>
                {f.bytes(drive.sizeBytes)}
                <span className="drive-bus">{drive.bus}</span>
              </td>
              <td>
                <span className={`badge ${eligibility.eligible ? (eligibility.warnings.length ? 'badge-warning' : 'badge-success') : 'badge-error'}`}>
                  {eligibility.eligible ? (resumed ? t('pages.resumed') : t('pages.eligible')) : t('pages.notEligible')}
                </span>
                <ul className="drive-reasons">
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
