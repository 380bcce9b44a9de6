import { Anchor, Badge, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useSession } from '../../lib/auth';
import { useUrlFilters } from '../../lib/url-state';
import { directoryKeys, fetchCouncil, fetchCouncils } from './api';
import { AddMemberForm, CreateCouncilForm, RemoveMemberButton } from './CouncilForms';
import { DirectoryTabs } from './DirectoryTabs';
import './messages';

/** /directory/councils — councils with their unit, level and size. */
export function CouncilsPage() {
  const { t } = useTranslation('directory');
  const session = useSession();
  const [params] = useSearchParams();
  const cursor = params.get('cursor');
  const [filters, setFilters] = useUrlFilters(['unitId', 'level'] as const);
  const active = { ...(filters.unitId ? { unitId: filters.unitId } : {}), ...(filters.level ? { level: filters.level } : {}) };
  const councils = useQuery({ queryKey: directoryKeys.councils(active, cursor), queryFn: () => fetchCouncils(active, cursor), placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={2}>{t('councilsTitle')}</Title>
      <DirectoryTabs />
      <Group align="flex-end">
        <TextInput label={t('unitId')} value={filters.unitId} onChange={(e) => setFilters({ unitId: e.currentTarget.value.trim() })} />
        <TextInput label={t('level')} value={filters.level} onChange={(e) => setFilters({ level: e.currentTarget.value.trim() })} />
      </Group>
      <ErrorAlert error={councils.error} />
      {councils.data?.items.length === 0 && <Text>{t('noResults', { ns: 'common' })}</Text>}
      {!!councils.data?.items.length && (
        <Table striped withTableBorder aria-label={t('councilsTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('unit')}</Table.Th>
              <Table.Th>{t('level')}</Table.Th>
              <Table.Th>{t('members')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {councils.data.items.map((c) => (
              <Table.Tr key={c.councilId}>
                <Table.Td>
                  <Anchor component={Link} to={`/directory/councils/${encodeURIComponent(c.councilId)}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.unitId}</Table.Td>
                <Table.Td>{c.level}</Table.Td>
                <Table.Td>{c.members.length}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={councils.data?.nextCursor} />
      {hasRole(session, 'administrator') && <CreateCouncilForm />}
    </Stack>
  );
}

/** /directory/councils/:id — one council: its members and their roles, its published rules. */
export function CouncilPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('directory');
  const session = useSession();
  const admin = hasRole(session, 'administrator');
  const [removeError, setRemoveError] = useState<unknown>(null);
  const council = useQuery({ queryKey: directoryKeys.council(id), queryFn: () => fetchCouncil(id) });
  const c = council.data;
  return (
    <Stack>
      <Title order={2}>{c ? c.name : t('councilsTitle')}</Title>
      <DirectoryTabs />
      <ErrorAlert error={council.error} />
      {c && (
        <>
          <Group>
            <Text size="sm">
              {t('unit')}: {c.unitId}
            </Text>
            <Text size="sm">
              {t('level')}: {c.level}
            </Text>
            {c.rules?.secretBallot && <Badge>{t('secretBallot')}</Badge>}
          </Group>
          {c.rules && (c.rules.note || c.rules.quorum || c.rules.approval) && (
            <Text size="sm">
              {[c.rules.note, c.rules.quorum && `${t('quorum')}: ${c.rules.quorum}`, c.rules.approval && `${t('approval')}: ${c.rules.approval}`].filter(Boolean).join(' · ')}
            </Text>
          )}
          <Title order={3} size="h4">
            {t('members')}
          </Title>
          <Table withTableBorder aria-label={t('members')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('userId')}</Table.Th>
                <Table.Th>{t('councilRole')}</Table.Th>
                {admin && <Table.Th>{t('actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.members.map((m) => (
                <Table.Tr key={m.userId}>
                  <Table.Td>{m.userId}</Table.Td>
                  <Table.Td>{t(`councilRole_${m.role}`)}</Table.Td>
                  {admin && (
                    <Table.Td>
                      <RemoveMemberButton councilId={c.councilId} member={m} onError={setRemoveError} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ErrorAlert error={removeError} />
          {admin && <AddMemberForm councilId={c.councilId} />}
        </>
      )}
    </Stack>
  );
}
