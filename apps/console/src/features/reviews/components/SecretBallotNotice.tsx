import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a secret ballot means, in plain words, told before the member votes. */
export function SecretBallotNotice({ eligible }: { eligible: number }) {
  const { t } = useTranslation('reviews');
  return (
    <Alert color="blue" title={t('secretTitle')} role="note">
      <Text size="sm">{t('secretBody')}</Text>
      <Text size="sm" mt={4}>
        {t('secretCaveat', { count: eligible })}
      </Text>
    </Alert>
  );
}
