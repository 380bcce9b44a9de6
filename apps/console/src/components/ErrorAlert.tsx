import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** An API error in words, with its stable problem+json code (so a user can quote it). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  return (
    <Alert color="red" title={t('errorTitle')} role="alert">
      <Text size="sm">{apiError ? apiError.detail || apiError.title : String((error as Error).message ?? error)}</Text>
      {apiError && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('errorCode', { code: apiError.code })}
        </Text>
      )}
      {apiError?.errors.map((e, i) => (
        <Text key={i} size="xs">
          {[e.field, e.message].filter(Boolean).join(': ')}
        </Text>
      ))}
    </Alert>
  );
}
