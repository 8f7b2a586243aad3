/** A certificate thumbprint in hex with a copy button. */

import { useTranslation } from 'react-i18next';
import { Check, Copy } from 'lucide-react';
import { CopyButton } from '../../components/ui';

export function Thumbprint({ value }: { value: string }) {
  const { t } = useTranslation('certificate');
  return (
    <p className="thumbprint">
      {t('pages.thumbprint')}: <span className="mono">{value}</span>{' '}
      <CopyButton
        text={() => value}
        label={
          <>
            <Copy size={16} aria-hidden /> {t('pages.copy')}
          </>
        }
        copiedLabel={
          <>
            <Check size={16} aria-hidden /> {t('pages.copied')}
          </>
        }
      />
    </p>
  );
}
