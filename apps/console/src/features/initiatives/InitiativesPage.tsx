import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/auth';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { initiativeKeys, listInitiatives, listMovements, type ListFilters } from './api';
import { useStatusLabel } from './hooks';
import './messages';
import { SavedViews } from '../../components/SavedViews';
import { STATUSES } from './statuses';

const FILTERS = ['q', 'movementId', 'status', 'field', 'level', 'year', 'unitId', 'sort', 'cursor'] as const;

/** My unit's initiatives: filters, order and page in the URL; saved views; newest first by default. */
export function InitiativesPage() {
  const { t } = useTranslation('initiatives');
  const session = useSession();
  const fmt = useFormat();
  const statusLabel = useStatusLabel();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const unitId = filters.unitId || session?.user.unitId || '';
  const yearValid = !filters.year || /^\d{4}$/.test(filters.year);
  const query: ListFilters = Object.fromEntries(Object.entries({ ...filters, unitId, year: yearValid ? filters.year : '' }).filter(([, v]) => v)) as ListFilters;
  const list = useQuery({ queryKey: initiativeKeys.list(query), queryFn: ({ signal }) => listInitiatives(query, signal), placeholderData: (previous) => previous });
  const movements = useQuery({ queryKey: initiativeKeys.movements, queryFn: ({ signal }) => listMovements(signal) });
  // The unit by its name where the page shows one of its initiatives (the list carries it), else by its id.
  const unitName = list.data?.items.find((i) => i.unitId === unitId)?.unitName ?? undefined;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('listTitle')}</Title>
        <Button component={Link} to="/initiatives/new">
          {t('registerAction')}
        </Button>
      </Group>
      <form role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t('common:search')} value={filters.q} onChange={(e) => setFilters({ q: e.currentTarget.value })} />
          <NativeSelect
            label={t('movement')}
            value={filters.movementId}
            data={[{ value: '', label: t('any') }, ...(movements.data?.items ?? []).map((m) => ({ value: m.movementId, label: m.title }))]}
            onChange={(e) => setFilters({ movementId: e.currentTarget.value })}
          />
          <NativeSelect
            label={t('status')}
            value={filters.status}
            data={[{ value: '', label: t('any') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            onChange={(e) => setFilters({ status: e.currentTarget.value })}
          />
          <TextInput label={t('field')} value={filters.field} onChange={(e) => setFilters({ field: e.currentTarget.value })} w={140} />
          <TextInput label={t('level')} value={filters.level} onChange={(e) => setFilters({ level: e.currentTarget.value })} w={120} />
          <TextInput
            label={t('year')}
            inputMode="numeric"
            value={filters.year}
            error={yearValid ? undefined : t('errYear')}
            onChange={(e) => setFilters({ year: e.currentTarget.value })}
            w={100}
          />
          <TextInput label={t('unit')} description={unitName} value={unitId} onChange={(e) => setFilters({ unitId: e.currentTarget.value })} w={180} />
          <NativeSelect
            label={t('sort')}
            value={filters.sort || '-registeredAt'}
            data={[
              { value: '-registeredAt', label: t('sortNewest') },
              { value: 'registeredAt', label: t('sortOldest') },
              { value: '-updatedAt', label: t('sortUpdated') },
              { value: 'title', label: t('sortTitle') },
            ]}
            onChange={(e) => setFilters({ sort: e.currentTarget.value === '-registeredAt' ? '' : e.currentTarget.value })}
          />
        </Group>
      </form>
      <SavedViews screen="initiatives" />
      <ErrorAlert error={list.error} />
      {list.isPending && (
        <Text role="status" aria-live="polite">
          {t('common:loading')}
        </Text>
      )}
      {list.data && (
        <>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('listCaption', { unit: unitName ?? unitId })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('title')}</Table.Th>
                <Table.Th scope="col">{t('status')}</Table.Th>
                <Table.Th scope="col">{t('field')}</Table.Th>
                <Table.Th scope="col">{t('level')}</Table.Th>
                <Table.Th scope="col">{t('year')}</Table.Th>
                <Table.Th scope="col">{t('registeredAt')}</Table.Th>
                <Table.Th scope="col">{t('adoptingUnits')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((i) => (
                <Table.Tr key={i.initiativeId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/initiatives/${encodeURIComponent(i.initiativeId)}`}>
                      {i.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{statusLabel(i.status)}</Badge>
                  </Table.Td>
                  <Table.Td>{i.field}</Table.Td>
                  <Table.Td>{i.level ?? '—'}</Table.Td>
                  <Table.Td>{i.year}</Table.Td>
                  <Table.Td>{fmt.dateTime(i.registeredAt)}</Table.Td>
                  <Table.Td>{fmt.number(i.adoptingUnits)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data.items.length === 0 && <Text>{t('common:noResults')}</Text>}
          <CursorPager nextCursor={list.data.nextCursor} />
        </>
      )}
    </Stack>
  );
}
