/** Step "signIn": the operator signs in to Azure with a device code (shown here) or in the browser; shows who later steps act as. */

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyRound, LogIn, LogOut } from 'lucide-react';
import type { EventPayload } from '../../shared/contract';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../components/ui';
import { getBridge } from '../bridge';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';

const clouds = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;

export default function SignInPage() {
  const { t } = useTranslation('azure');
  const selectId = useId();
  const [cloud, setCloud] = useState<string>(() => {
    const c = useSession.getState().summary.cloud;
    return c && c !== 'local' ? c : '';
  });
  const [code, setCode] = useState<EventPayload<'azure.deviceCode'> | null>(null);
  const status = useRequest('azure.status');
  const signIn = useRequest('azure.signIn');
  const signOut = useRequest('azure.signOut');
  const runStatus = status.run;
  useEffect(() => getBridge().subscribe('azure.deviceCode', setCode), []);
  useEffect(() => {
    void runStatus(cloud ? { cloud } : {});
  }, [runStatus, cloud]);

  const state = signOut.result ?? signIn.result ?? status.result;
  const start = async (method: 'deviceCode' | 'browser') => {
    setCode(null);
    useWizard.getState().setStatus('signIn', 'inProgress');
    const r = await signIn.run({ method, ...(cloud ? { cloud } : {}) });
    setCode(null);
    useWizard.getState().setStatus('signIn', r?.signedIn ? 'done' : 'needsAttention');
    if (r) useSession.getState().update({ cloud: r.cloud });
  };

  return (
    <div className="page-body">
      <StepIntro step="signIn" />
      <Card title={t('signIn.title')}>
        <div className="field">
          <label htmlFor={selectId}>{t('signIn.cloud')}</label>
          <select id={selectId} value={cloud} onChange={(e) => setCloud(e.target.value)}>
            <option value="">{t('signIn.defaultCloud')}</option>
            {clouds.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {state && (state.signedIn ? <Notice tone="success">{t('signIn.signedInAs', { user: state.user ?? '' })}</Notice> : <Notice tone="info">{t('signIn.notSignedIn')}</Notice>)}
        {state && <p>{state.identity.kind === 'app' ? t('signIn.identityApp', { name: state.identity.name }) : t('signIn.identityOperator', { name: state.identity.name || state.user || '—' })}</p>}
        <div className="actions-row">
          <Button variant="primary" disabled={signIn.pending} onClick={() => void start('deviceCode')}>
            <KeyRound size={16} aria-hidden /> {t('signIn.deviceCode')}
          </Button>
          <Button disabled={signIn.pending} onClick={() => void start('browser')}>
            <LogIn size={16} aria-hidden /> {t('signIn.browser')}
          </Button>
          {state?.signedIn && (
            <Button variant="ghost" disabled={signOut.pending} onClick={() => void signOut.run(cloud ? { cloud } : {})}>
              <LogOut size={16} aria-hidden /> {t('signIn.signOut')}
            </Button>
          )}
        </div>
        {signIn.pending && code && (
          <Notice tone="info" title={t('signIn.enterCode', { url: code.verificationUri })}>
            <p className="mono device-code">{code.userCode}</p>
            <p>{code.message}</p>
          </Notice>
        )}
        {signIn.pending && !code && <Notice tone="info">{t('signIn.waitingForCode')}</Notice>}
      </Card>
      {signIn.error && <ErrorNotice error={signIn.error} onDismiss={signIn.clearError} />}
      {status.error && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
    </div>
  );
}
