/** A datacenter address with Copy and Print, and the carriers it accepts. */

import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { datacenterAddressSchema } from '../../../shared/contract/workflow';
import { Button, CopyButton } from '../../components/ui';

type Address = z.infer<typeof datacenterAddressSchema>;

export function addressLines(a: Address): string[] {
  const cityLine = [a.city, a.stateOrProvince, a.postalCode].filter(Boolean).join(' ');
  return [a.recipientName, a.streetAddress1, a.streetAddress2, cityLine, a.countryOrRegion, a.phone, a.additionalInformation].filter(
    (l): l is string => Boolean(l && l.trim()),
  );
}

export function AddressBlock({ address, carriers, heading }: { address: Address | null; carriers: string[]; heading: string }) {
  const { t } = useTranslation('workflow');
  const lines = address ? addressLines(address) : [];
  return (
    <section className="address-block" aria-label={heading}>
      <h3>{heading}</h3>
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
