import { Badge, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useSession } from '../../lib/auth';
import { useUrlFilters } from '../../lib/url-state';
import { directoryKeys, fetchUsers, ROLES } from './api';
import { DirectoryTabs } from './DirectoryTabs';
import { RegisterUserForm } from './RegisterUserForm';
import './messages';

/** /directory/users — users and their roles, filterable by unit and role (in the URL), paginated. */
export function UsersPage() {
  const { t } = useTranslation('directory');
  const session = useSession();
  const [params] = useSearchParams();
  const cursor = params.get('cursor');
  const [filters, setFilters] = useUrlFilters(['unitId', 'role'] as const);
  const active = { ...(filters.unitId ? { unitId: filters.unitId } : {}), ...(filters.role ? { role: filters.role } : {}) };
  const users = useQuery({ queryKey: directoryKeys.users(active, cursor), queryFn: () => fetchUsers(active, cursor), placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={2}>{t('usersTitle')}</Title>
      <DirectoryTabs />
      <Group align="flex-end">
        <TextInput label={t('unitId')} value={filters.unitId} onChange={(e) => setFilters({ unitId: e.currentTarget.value.trim() })} />
        <NativeSelect
          label={t('role')}
          value={filters.role}
          data={[{ value: '', label: t('anyRole') }, ...ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))]}
          onChange={(e) => setFilters({ role: e.currentTarget.value })}
        />
      </Group>
      <ErrorAlert error={users.error} />
      {users.data?.items.length === 0 && <Text>{t('noResults', { ns: 'common' })}</Text>}
      {!!users.data?.items.length && (
        <Table striped withTableBorder aria-label={t('usersTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('userId')}</Table.Th>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('email')}</Table.Th>
              <Table.Th>{t('roles')}</Table.Th>
              <Table.Th>{t('unit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((u) => (
              <Table.Tr key={u.userId}>
                <Table.Td>{u.userId}</Table.Td>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.map((r) => (
                      <Badge key={r} size="sm" variant="light">
                        {t(`role_${r}`, { defaultValue: r })}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{u.unitId}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={users.data?.nextCursor} />
      {hasRole(session, 'administrator') && <RegisterUserForm />}
    </Stack>
  );
}
