import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { readOwnWrites } from '../../../lib/api';
import { useFormat } from '../../../lib/prefs';
import { useUrlFilters } from '../../../lib/url-state';
import { decisionKeys, fetchWaiting } from '../api';
import { SavedViews } from '../../../components/SavedViews';

const FILTERS = ['status', 'q', 'movementId', 'level'] as const;

/** Decisions waiting: dossiers at the decision stage, filters in the URL, saved views, paginated. */
export function DecisionsPage() {
  const { t } = useTranslation('decisions');
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [draft, setDraft] = useState(filters);
  // A saved view or a shared link changes the URL: the form follows it.
  useEffect(() => setDraft(filters), [filters]);
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const q = { status: filters.status || undefined, q: filters.q || undefined, movementId: filters.movementId || undefined, level: filters.level || undefined, cursor };
  const list = useQuery({
    queryKey: decisionKeys.waiting(q),
    queryFn: ({ signal }) => fetchWaiting(q, readOwnWrites(), signal),
  });
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Title order={1}>{t('listTitle')}</Title>
      <Text>{t('listIntro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ status: draft.status, q: draft.q.trim(), movementId: draft.movementId.trim(), level: draft.level.trim() });
        }}
      >
        <Group align="flex-end">
          <Select
            label={t('stageFilter')}
            value={draft.status || 'decision'}
            onChange={(v) => setDraft({ ...draft, status: v && v !== 'decision' ? v : '' })}
            data={[
              { value: 'decision', label: t('stageDecision') },
              { value: 'recommended', label: t('stageRecommended') },
            ]}
            allowDeselect={false}
          />
          <TextInput label={t('search')} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} maxLength={200} />
          <TextInput label={t('movement')} value={draft.movementId} onChange={(e) => setDraft({ ...draft, movementId: e.currentTarget.value })} maxLength={100} />
          <TextInput label={t('level')} value={draft.level} onChange={(e) => setDraft({ ...draft, level: e.currentTarget.value })} maxLength={50} />
          <Button type="submit" variant="default">
            {t('filter')}
          </Button>
        </Group>
      </form>
      <SavedViews screen="decisions" />
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Text role="status">{t('common:loading')}</Text>
      ) : items.length === 0 && !list.error ? (
        <Text>{t('empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('colInitiative')}</Table.Th>
              <Table.Th scope="col">{t('colUnit')}</Table.Th>
              <Table.Th scope="col">{t('colLevel')}</Table.Th>
              <Table.Th scope="col">{t('colAwardForm')}</Table.Th>
              <Table.Th scope="col">{t('colNominated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.initiativeId}>
                <Table.Td>
                  <Anchor component={Link} to={`/decisions/${encodeURIComponent(i.initiativeId)}`}>
                    {i.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{i.unitName ?? i.unitId}</Table.Td>
                <Table.Td>{i.level ?? '—'}</Table.Td>
                <Table.Td>{i.awardForm ?? '—'}</Table.Td>
                <Table.Td>{fmt.date(i.nominatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={list.data?.nextCursor} />
    </Stack>
  );
}
