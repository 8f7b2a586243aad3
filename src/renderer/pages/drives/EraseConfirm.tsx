/**
 * The erase confirmation, as balenaEtcher asks it: a modal naming every drive that will be erased (its name, model,
 * size and what is on it now) and, for each, its name typed back. Only then can "Erase N drives" be pressed; core
 * checks the same typed names again (drives.prepare) before it touches a drive.
 */

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JudgedDrive } from '../../../shared/model/drive';
import { Button, Field } from '../../components/ui';
import { useFormat } from '../../hooks';

/** The same comparison as core's: case and surrounding spaces do not matter. */
export const typedMatches = (typed: string, id: string) => typed.trim().toUpperCase() === id.toUpperCase();

export function EraseConfirm({ drives, onConfirm, onCancel }: { drives: JudgedDrive[]; onConfirm(typed: string[]): void; onCancel(): void }) {
  const { t } = useTranslation('drives');
  const f = useFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState<Record<string, string>>({});
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const all = drives.every(({ drive }) => typedMatches(typed[drive.id] ?? '', drive.id));
  return (
    <dialog ref={ref} className="modal-dialog erase-dialog" aria-labelledby="erase-title" aria-describedby="erase-text" onCancel={onCancel}>
      <h2 id="erase-title">{t('flow.confirmTitle', { count: drives.length })}</h2>
      <p id="erase-text">{t('flow.confirmText')}</p>
      <p className="field-hint">{t('flow.typeEach')}</p>
      {drives.map(({ drive }) => (
        <div key={drive.id} className="erase-drive">
          <p>
            <strong className="mono">{drive.id}</strong> · {drive.model} · {f.bytes(drive.sizeBytes)} · {drive.bus} ·{' '}
            {drive.volumes.map((v) => [v.mountPoints.join(' '), v.label, v.fsType].filter(Boolean).join(' ')).join('; ') || t('cli.noVolumes')}
          </p>
          <Field
            label={t('pages.typeToErase', { drive: drive.id })}
            value={typed[drive.id] ?? ''}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTyped({ ...typed, [drive.id]: e.target.value })}
          />
        </div>
      ))}
      <div className="actions-row">
        <Button type="button" onClick={onCancel}>
          {t('pages.cancel')}
        </Button>
        <Button type="button" variant="danger" disabled={!all} onClick={() => onConfirm(drives.map(({ drive }) => typed[drive.id]!.trim()))}>
          {t('flow.confirm', { count: drives.length })}
        </Button>
      </div>
    </dialog>
  );
}
