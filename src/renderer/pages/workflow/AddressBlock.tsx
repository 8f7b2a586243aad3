/** A datacenter address with Copy and Print, and the carriers it accepts. */

import { useTranslation } from 'react-i18next';
import { addressLines, type DatacenterAddress } from '../../../shared/model/address';
import { Button, CopyButton } from '../../components/ui';

export function AddressBlock({ address, carriers, heading }: { address: DatacenterAddress | null; carriers: string[]; heading: string }) {
  const { t } = useTranslation('workflow');
  const lines = address ? addressLines(address) : [];
  return (
    <section className="address-block" aria-label={heading}>
      <h3>{heading}</h3>
      {address?.rehearsal && (
        <p className="badge badge-warning" data-testid="rehearsal-datacenter">
          {t('importJob.rehearsal')}
        </p>
      )}
      {address ? (
        <address>
          {lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
        </address>
      ) : (
        <p>{t('importJob.noAddress')}</p>
      )}
      <p>{t('importJob.carriers', { list: carriers.length ? carriers.join(', ') : t('importJob.anyCarrier') })}</p>
      {address && (
        <div className="actions-row">
          <CopyButton text={() => lines.join('\n')} label={t('pages.common.copy')} copiedLabel={t('pages.common.copied')} />
          <Button variant="ghost" onClick={() => window.print()}>
            {t('pages.common.print')}
          </Button>
        </div>
      )}
    </section>
  );
}
