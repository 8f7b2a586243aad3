/** A datacenter address with Copy and Print, and the carriers it accepts. */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addressLines, type DatacenterAddress } from '../../../shared/model/address';
import { Button } from '../../components/ui';

export function AddressBlock({ address, carriers, heading }: { address: DatacenterAddress | null; carriers: string[]; heading: string }) {
  const { t } = useTranslation('workflow');
  const [copied, setCopied] = useState(false);
  const lines = address ? addressLines(address) : [];
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(lines.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
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
          <Button variant="ghost" onClick={() => void copy()}>
            {copied ? t('pages.common.copied') : t('pages.common.copy')}
          </Button>
          <Button variant="ghost" onClick={() => window.print()}>
            {t('pages.common.print')}
          </Button>
        </div>
      )}
    </section>
  );
}
