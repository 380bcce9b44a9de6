import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/auth';
import { authKeys, devSignIn, fetchAuthConfig, fetchDevUsers, safeNext, type DevUser } from './api';
import { completeOidcSignIn, startOidcSignIn } from './oidc';
import './messages';

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** Development sign-in (embedded mode): pick a user of the directory, or type their id. */
function DevSignIn({ next }: { next: string }) {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const users = useQuery({ queryKey: authKeys.devUsers, queryFn: fetchDevUsers });
  const [userId, setUserId] = useState('');
  const [filter, setFilter] = useState('');
  const signIn = useMutation({ mutationFn: devSignIn, onSuccess: () => navigate(next, { replace: true }) });
  const shown = useMemo(() => {
    const f = fold(filter.trim());
    const all = users.data?.items ?? [];
    return (f ? all.filter((u) => fold(`${u.userId} ${u.name} ${u.roles.join(' ')} ${u.unitId}`).includes(f)) : all).slice(0, 50);
  }, [users.data, filter]);
  return (
    <Stack>
      <Alert color="orange" title={t('devTitle')}>
        {t('devNotice')}
      </Alert>
      <ErrorAlert error={signIn.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signIn.mutate(userId.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('userId')} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} required autoComplete="username" />
          <Button type="submit" loading={signIn.isPending}>
            {t('submit')}
          </Button>
        </Group>
      </form>
      <Title order={3}>{t('directory')}</Title>
      <ErrorAlert error={users.error} />
      <TextInput label={t('filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
      {users.data && (
        <Text size="sm" c="dimmed" role="status">
          {t('shown', { shown: shown.length, total: users.data.items.length })}
        </Text>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('name')}</Table.Th>
            <Table.Th scope="col">{t('roles')}</Table.Th>
            <Table.Th scope="col">{t('unit')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('action')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((u: DevUser) => (
            <Table.Tr key={u.userId}>
              <Table.Td>
                {u.name} <Text span size="xs" c="dimmed">({u.userId})</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.roles.map((r) => (
                    <Badge key={r} variant="light" size="sm">
                      {r}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{u.unitId}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" aria-label={t('signInAsUser', { name: u.name })} disabled={signIn.isPending} onClick={() => signIn.mutate(u.userId)}>
                  {t('signInAs')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function SignInPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const config = useQuery({ queryKey: authKeys.config, queryFn: fetchAuthConfig });
  const session = useSession();
  const navigate = useNavigate();
  const oidc = useMutation({ mutationFn: () => startOidcSignIn(config.data!, next) });
  useEffect(() => {
    if (session) navigate(next, { replace: true });
  }, [session, next, navigate]);
  return (
    <Stack maw={760}>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={config.error ?? oidc.error} />
      {config.data?.issuer && config.data.clientId && (
        <Group>
          <Button onClick={() => oidc.mutate()} loading={oidc.isPending}>
            {t('oidc')}
          </Button>
        </Group>
      )}
      {config.data?.devTokens && <DevSignIn next={next} />}
      {config.data && !config.data.devTokens && !config.data.issuer && <Alert>{t('noMethod')}</Alert>}
    </Stack>
  );
}

/** The OpenID Connect redirect target: redeems the code, then goes where the user was headed. */
export function OidcCallbackPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    // Once only (StrictMode runs effects twice; the code can be redeemed once).
    if (started.current) return;
    started.current = true;
    completeOidcSignIn()
      .then((next) => navigate(next, { replace: true }))
      .catch((e: unknown) => setError(e));
  }, [navigate]);
  return (
    <Stack maw={480}>
      <Title order={2}>{t('title')}</Title>
      {error ? <ErrorAlert error={error} /> : <Text role="status">{t('completing')}</Text>}
      {!!error && (
        <Button variant="default" onClick={() => navigate('/sign-in', { replace: true })}>
          {t('retry')}
        </Button>
      )}
    </Stack>
  );
}
