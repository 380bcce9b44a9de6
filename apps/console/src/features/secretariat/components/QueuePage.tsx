import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFormat } from '../../../lib/prefs';
import { useUrlFilters } from '../../../lib/url-state';
import { fetchQueue, secretariatKeys } from '../api';
import { SavedViews } from '../../../components/SavedViews';

export interface QueueSpec {
  /** Screen name: the saved views' key. */
  screen: string;
  titleKey: string;
  /** The stages this queue lists; the first is the default. */
  statuses: string[];
  /** Where a row leads: the page that acts on it. */
  detail: (initiativeId: string) => string;
}

const KEYS = ['status', 'q', 'field', 'level', 'movementId', 'councilId', 'year', 'cursor'] as const;

/** A secretary's queue: initiatives at the stages it names, filtered in the URL, paginated, with saved views. */
export function QueuePage({ spec }: { spec: QueueSpec }) {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(KEYS);
  const status = spec.statuses.includes(filters.status) ? filters.status : (spec.statuses[0] ?? '');
  const query = { ...filters, status };
  const queue = useQuery({ queryKey: secretariatKeys.queue(query), queryFn: () => fetchQueue(query) });
  return (
    <Stack>
      <Title order={2}>{t(spec.titleKey)}</Title>
      <Paper withBorder p="sm" component="section" aria-label={t('filters')}>
        <Group align="flex-end" wrap="wrap">
          {spec.statuses.length > 1 && (
            <NativeSelect
              label={t('status')}
              value={status}
              data={spec.statuses.map((s) => ({ value: s, label: t(`stage_${s}`) }))}
              onChange={(e) => setFilters({ status: e.currentTarget.value })}
            />
          )}
          <TextInput label={t('words')} defaultValue={filters.q} key={`q-${filters.q}`} onBlur={(e) => setFilters({ q: e.currentTarget.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && setFilters({ q: e.currentTarget.value.trim() })} />
          <TextInput label={t('field')} defaultValue={filters.field} key={`f-${filters.field}`} onBlur={(e) => setFilters({ field: e.currentTarget.value.trim() })} />
          <TextInput label={t('level')} defaultValue={filters.level} key={`l-${filters.level}`} onBlur={(e) => setFilters({ level: e.currentTarget.value.trim() })} />
          <TextInput label={t('movement')} defaultValue={filters.movementId} key={`m-${filters.movementId}`} onBlur={(e) => setFilters({ movementId: e.currentTarget.value.trim() })} />
          <TextInput label={t('council')} defaultValue={filters.councilId} key={`c-${filters.councilId}`} onBlur={(e) => setFilters({ councilId: e.currentTarget.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && setFilters({ councilId: e.currentTarget.value.trim() })} />
          <TextInput label={t('year')} inputMode="numeric" defaultValue={filters.year} key={`y-${filters.year}`} onBlur={(e) => setFilters({ year: e.currentTarget.value.trim() })} w={120} />
          <Button variant="default" onClick={() => setFilters({ q: '', field: '', level: '', movementId: '', councilId: '', year: '', status: '' })}>
            {t('clearFilters')}
          </Button>
        </Group>
      </Paper>
      <SavedViews screen={spec.screen} />
      <ErrorAlert error={queue.error} />
      {queue.isPending && <Text role="status">{tc('loading')}</Text>}
      {queue.data && queue.data.items.length === 0 && <Text>{tc('noResults')}</Text>}
      {queue.data && queue.data.items.length > 0 && (
        <Table striped highlightOnHover>
          <caption>{t('queueCaption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('colTitle')}</Table.Th>
              <Table.Th scope="col">{t('colUnit')}</Table.Th>
              <Table.Th scope="col">{t('colCouncil')}</Table.Th>
              <Table.Th scope="col">{t('colStatus')}</Table.Th>
              <Table.Th scope="col">{t('colNominatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.data.items.map((item) => (
              <Table.Tr key={item.initiativeId}>
                <Table.Td>
                  <Anchor component={Link} to={spec.detail(item.initiativeId)}>
                    {item.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{item.unitName ?? item.unitId}</Table.Td>
                <Table.Td>{item.councilId ?? '—'}</Table.Td>
                <Table.Td>{t(`stage_${item.status}`, { defaultValue: item.status })}</Table.Td>
                <Table.Td>{fmt.date(item.nominatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={queue.data?.nextCursor} />
    </Stack>
  );
}
