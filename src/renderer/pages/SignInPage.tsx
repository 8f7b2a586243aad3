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
import { rememberLocal, rememberSignIn, useSignIn, wireSignInEvents } from '../store/signIn';
import { RouteChoice } from './databox/RouteChoice';

const clouds = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;

export default function SignInPage() {
  const { t } = useTranslation('azure');
  const selectId = useId();
  // `choice` is what the list shows; `cloud` is what requests carry (a cloud name, or the local profile's path).
  const [cloud, setCloud] = useState<string>(() => useSession.getState().summary.cloud ?? '');
  const [choice, setChoice] = useState<string>(() => (cloud === '' || (clouds as readonly string[]).includes(cloud) ? cloud : 'local'));
  const local = useRequest('azure.startLocalRehearsal');
  // What core last said, kept across visits: the page shows it from its first paint while core is asked again.
  const localFacts = useSignIn((s) => s.local);
  const localStarting = useSignIn((s) => s.localStarting);
  const state = useSignIn((s) => s.states[cloud]);
  const runLocal = async () => {
    wireSignInEvents();
    const r = await local.run({});
    rememberLocal(r);
    return r;
  };
  const choose = async (value: string) => {
    setChoice(value);
    if (value !== 'local') {
      setCloud(value);
      return;
    }
    const r = await runLocal();
    if (!r) return;
    setCloud(r.cloud);
    useSession.getState().update({ cloud: r.cloud, subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup, storageAccount: r.storageAccount });
  };
  // A rehearsal chosen before a reload or a restart: core hands back the running local Azure (or starts it again).
  useEffect(() => {
    if (choice === 'local' && !localFacts) void runLocal();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [code, setCode] = useState<EventPayload<'azure.deviceCode'> | null>(null);
  const status = useRequest('azure.status');
  const signIn = useRequest('azure.signIn');
  const signOut = useRequest('azure.signOut');
  const runStatus = status.run;
  useEffect(() => getBridge().subscribe('azure.deviceCode', setCode), []);
  useEffect(() => {
    if (choice === 'local' && cloud === '') return;
    void runStatus(cloud ? { cloud } : {}).then((r) => rememberSignIn(cloud, r));
  }, [runStatus, cloud, choice]);

  const start = async (method: 'deviceCode' | 'browser') => {
    setCode(null);
    useWizard.getState().setStatus('signIn', 'inProgress');
    const r = await signIn.run({ method, ...(cloud ? { cloud } : {}) });
    rememberSignIn(cloud, r);
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
          <select id={selectId} value={choice} disabled={local.pending} onChange={(e) => void choose(e.target.value)}>
            <option value="">{t('signIn.defaultCloud')}</option>
            {clouds.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            <option value="local">{t('signIn.localRehearsal')}</option>
          </select>
        </div>
        {local.pending && localStarting && <Notice tone="info">{t('signIn.localStarting')}</Notice>}
        {choice === 'local' && localFacts && (
          <Notice tone="info">
            {t('signIn.localReady', { subscription: localFacts.subscriptionId, account: localFacts.storageAccount, operator: localFacts.operator })}
          </Notice>
        )}
        {state && (state.signedIn ? <Notice tone="success">{t('signIn.signedInAs', { user: state.user ?? '' })}</Notice> : <Notice tone="info">{t('signIn.notSignedIn')}</Notice>)}
        {/* Said once, here: where no secret store answered, the tokens sit in a file only this account can read. */}
        {state?.signedIn && state.unprotectedCache && <Notice tone="warning">{t('signIn.cacheUnprotected', { file: state.unprotectedCache })}</Notice>}
        {state && <p>{state.identity.kind === 'app' ? t('signIn.identityApp', { name: state.identity.name }) : t('signIn.identityOperator', { name: state.identity.name || state.user || '—' })}</p>}
        <div className="actions-row">
          <Button variant="primary" disabled={signIn.pending} onClick={() => void start('deviceCode')}>
            <KeyRound size={16} aria-hidden /> {t('signIn.deviceCode')}
          </Button>
          <Button disabled={signIn.pending} onClick={() => void start('browser')}>
            <LogIn size={16} aria-hidden /> {t('signIn.browser')}
          </Button>
          {state?.signedIn && (
            <Button variant="ghost" disabled={signOut.pending} onClick={() => void signOut.run(cloud ? { cloud } : {}).then((r) => rememberSignIn(cloud, r))}>
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
      <Card>
        <RouteChoice />
      </Card>
      {local.error && <ErrorNotice error={local.error} onDismiss={local.clearError} />}
      {signIn.error && <ErrorNotice error={signIn.error} onDismiss={signIn.clearError} />}
      {status.error && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
    </div>
  );
}
