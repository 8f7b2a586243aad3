/**
 * A folder field with "Browse…": in Electron the system's folder dialog (`folders.choose`, through main); in a
 * browser served by src/host a folder browser listing, on the server, only folders the user may read
 * (`folders.list`). Typing the path stays possible; a chosen folder is always a full path.
 */

import { useEffect, useId, useRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowUp, Folder, FolderOpen } from 'lucide-react';
import { getBridge } from '../bridge';
import { useRequest } from '../hooks';
import { Button, ErrorNotice } from './ui';
import './folderPicker.css';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onChange(value: string): void;
};

export function FolderField({ label, hint, error, value, onChange, ...input }: FieldProps) {
  const { t } = useTranslation('app');
  const id = useId();
  const [browsing, setBrowsing] = useState(false);
  const choose = useRequest('folders.choose');
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const browse = async () => {
    if (getBridge().kind !== 'electron') {
      setBrowsing(true);
      return;
    }
    const r = await choose.run({ title: label, ...(value.trim() ? { defaultPath: value.trim() } : {}) });
    if (r?.path) onChange(r.path);
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} id={`${id}-label`}>
        {label}
      </label>
      <div className="folder-field-row">
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
        <Button type="button" aria-describedby={`${id}-label`} disabled={choose.pending || input.disabled} onClick={() => void browse()}>
          <FolderOpen size={16} aria-hidden /> {t('folders.browse')}
        </Button>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      {choose.error && <ErrorNotice error={choose.error} onDismiss={choose.clearError} />}
      {browsing && (
        <FolderBrowser
          title={label}
          start={value.trim()}
          onCancel={() => setBrowsing(false)}
          onChoose={(p) => {
            setBrowsing(false);
            onChange(p);
          }}
        />
      )}
    </div>
  );
}

/** The browser host's folder browser, as a modal dialog: starting places, one folder's subfolders, up, choose. */
function FolderBrowser({ title, start, onChoose, onCancel }: { title: string; start: string; onChoose(path: string): void; onCancel(): void }) {
  const { t } = useTranslation('app');
  const ref = useRef<HTMLDialogElement>(null);
  const list = useRequest('folders.list');
  const run = list.run;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // The field's folder when it is one the browser may show; the starting places otherwise.
    void (async () => {
      if (!start || !(await run({ path: start }))) await run({});
    })();
  }, [run, start]);
  const here = list.result;
  return (
    <dialog ref={ref} className="modal-dialog folder-browser" aria-labelledby="folder-browser-title" onCancel={onCancel}>
      <h2 id="folder-browser-title">{t('folders.title')}</h2>
      <p className="field-hint">{title}</p>
      <p className="mono folder-browser-path">{here?.path ? t('folders.current', { path: here.path }) : t('folders.places')}</p>
      <div className="actions-row">
        <Button type="button" disabled={!here?.path || list.pending} onClick={() => void run(here?.parent ? { path: here.parent } : {})}>
          <ArrowUp size={16} aria-hidden /> {here?.parent ? t('folders.up') : t('folders.places')}
        </Button>
      </div>
      <ul className="folder-browser-list" aria-label={here?.path || t('folders.places')}>
        {here?.folders.map((f) => (
          <li key={f.path}>
            <button type="button" className="folder-browser-item" disabled={list.pending} onClick={() => void run({ path: f.path })}>
              <Folder size={16} aria-hidden /> {f.name}
            </button>
          </li>
        ))}
      </ul>
      {here && here.folders.length === 0 && <p className="field-hint">{t('folders.empty')}</p>}
      {here?.truncated && <p className="field-hint">{t('folders.truncated', { shown: here.folders.length })}</p>}
      {list.error && <ErrorNotice error={list.error} onDismiss={list.clearError} />}
      <div className="actions-row">
        <Button type="button" onClick={onCancel}>
          {t('folders.cancel')}
        </Button>
        <Button type="button" variant="primary" disabled={!here?.path || list.pending} onClick={() => here?.path && onChoose(here.path)}>
          {t('folders.choose')}
        </Button>
      </div>
    </dialog>
  );
}
