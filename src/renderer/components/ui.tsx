/** Small building blocks every page uses: buttons, fields, cards, notices. Styling lives in styles.css. */

import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import type { AppErrorData } from '../../shared/errors';

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export function Button({ variant = 'secondary', className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type="button" className={`btn btn-${variant}${className ? ` ${className}` : ''}`} {...rest} />;
}

export function Card({ title, children, actions }: { title?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  // Named by its title, so a card is a region assistive technology (and a test) can find by name.
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={title ? titleId : undefined}>
      {(title || actions) && (
        <header className="card-header">
          {title && (
            <h2 className="card-title" id={titleId}>
              {title}
            </h2>
          )}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

/** A labelled text input with an optional hint and a one-sentence error, wired for screen readers. */
export function Field({
  label,
  hint,
  error,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string | null; ref?: Ref<HTMLInputElement> }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

const toneIcon = { info: Info, success: CheckCircle2, warning: AlertTriangle, error: XCircle };

export function Notice({ tone = 'info', title, children }: { tone?: NoticeTone; title?: ReactNode; children?: ReactNode }) {
  const Icon = toneIcon[tone];
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon aria-hidden="true" className="notice-icon" size={20} />
      <div>
        {title && <p className="notice-title">{title}</p>}
        {children && <div className="notice-body">{children}</div>}
      </div>
    </div>
  );
}

/**
 * A button that copies text to the clipboard and says how it went: its "copied" label for two seconds, or, when the
 * clipboard refuses (no permission, no clipboard API, the window not focused), a visible sentence asking to copy by
 * hand. Every copy button of the wizard is this one; none leaves a rejected promise behind.
 */
export function CopyButton({ text, label, copiedLabel }: { text: () => string; label: ReactNode; copiedLabel: ReactNode }) {
  const { t } = useTranslation('app');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text());
      setState('copied');
      timer.current = setTimeout(() => setState('idle'), 2000);
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button variant="ghost" onClick={() => void copy()}>
        {state === 'copied' ? copiedLabel : label}
      </Button>
      {state === 'failed' && (
        <span className="copy-failed" role="status">
          {t('actions.copyFailed')}
        </span>
      )}
    </>
  );
}

/** An error from core: its sentence, and "Copy diagnostics" with code, step and detail (never a stack trace). */
export function ErrorNotice({ error, onDismiss }: { error: AppErrorData; onDismiss?: () => void }) {
  const { t } = useTranslation('app');
  const diagnostics = () => JSON.stringify({ code: error.code, step: error.step, message: error.message, detail: error.detail }, null, 2);
  return (
    <Notice tone="error" title={error.message}>
      <div className="notice-actions">
        <CopyButton text={diagnostics} label={t('actions.copyDiagnostics')} copiedLabel={t('actions.copied')} />
        {onDismiss && (
          <Button variant="ghost" onClick={onDismiss}>
            {t('actions.dismiss')}
          </Button>
        )}
      </div>
    </Notice>
  );
}
