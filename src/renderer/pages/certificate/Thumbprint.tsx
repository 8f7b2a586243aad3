/** A certificate thumbprint in hex with a copy button. */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Check, Copy } from 'lucide-react';
import { Button } from '../../components/ui';

export function Thumbprint({ value }: { value: string }) {
  const { t } = useTranslation('certificate');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <p className="thumbprint">
      {t('pages.thumbprint')}: <span className="mono">{value}</span>{' '}
      <Button variant="ghost" onClick={() => void copy()}>
        {copied ? <Check size={16} aria-hidden /> : <Copy size={16} aria-hidden />} {copied ? t('pages.copied') : t('pages.copy')}
      </Button>
    </p>
  );
}
