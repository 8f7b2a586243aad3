/** What a staging check found wrong, one sentence per problem, under the staging form (either kind of staging). */

import type { RequestResult } from '../../../shared/contract';
import { Notice } from '../../components/ui';
import { useKeyText } from '../../hooks';

export function StagingProblems({ problems }: { problems: RequestResult<'staging.validate'>['problems'] }) {
  const keyText = useKeyText();
  if (problems.length === 0) return null;
  return (
    <Notice tone="error">
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{keyText(p.key, p.params)}</li>
        ))}
      </ul>
    </Notice>
  );
}
