import { Alert, Button, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { authKeys, devSignIn, fetchAuthConfig } from './api';
import './messages';

export function SignInPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const config = useQuery({ queryKey: authKeys.config, queryFn: fetchAuthConfig });
  const [userId, setUserId] = useState('');
  const signIn = useMutation({ mutationFn: devSignIn, onSuccess: () => navigate('/') });
  return (
    <Stack maw={480}>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={config.error ?? signIn.error} />
      {config.data?.devTokens && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            signIn.mutate(userId);
          }}
        >
          <Stack>
            <Alert color="orange">{t('devNotice')}</Alert>
            <TextInput label={t('userId')} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} required />
            <Button type="submit" loading={signIn.isPending}>
              {t('signInAs')}
            </Button>
          </Stack>
        </form>
      )}
      {config.data && !config.data.devTokens && !config.data.issuer && <Alert>{t('noMethod')}</Alert>}
    </Stack>
  );
}
