import { Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { CSV_TABLES, downloadCsv, fetchCounts, fetchFunnel, fetchMovements, fetchReplication, FUNNEL_STAGES, statisticsKeys, type StatisticsFilter } from './api';
import { funnelOption, levelByField, levelFieldOption, replicationOption } from './figures';
import './messages';

// ECharts loads with this chunk, after the page: not in the first-load bundle.
const Chart = lazy(() => import('./Chart'));

const FILTERS = ['movementId', 'year'] as const;

function Loading() {
  const { t } = useTranslation('statistics');
  return (
    <Text role="status" aria-live="polite">
      {t('common:loading')}
    </Text>
  );
}

/** A chart and, beside it, the same numbers in a table. */
function Figure({ id, title, chart, table }: { id: string; title: string; chart: ReactNode; table: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={3} id={id} mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Suspense fallback={<Loading />}>{chart}</Suspense>
        <div style={{ overflowX: 'auto' }}>{table}</div>
      </SimpleGrid>
    </Card>
  );
}

/** Statistics for every signed-in role: level × field × year, the funnel, replication per level; CSV. */
export function StatisticsPage() {
  const { t } = useTranslation('statistics');
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? '';
  const yearValid = !filters.year || /^\d{4}$/.test(filters.year);
  const filter: StatisticsFilter = useMemo(
    () => ({ ...(filters.movementId ? { movementId: filters.movementId } : {}), ...(filters.year && yearValid ? { year: filters.year } : {}) }),
    [filters.movementId, filters.year, yearValid],
  );
  const movements = useQuery({ queryKey: statisticsKeys.movements, queryFn: ({ signal }) => fetchMovements(signal) });
  const counts = useQuery({ queryKey: statisticsKeys.counts(filter), queryFn: ({ signal }) => fetchCounts(filter, signal) });
  const funnel = useQuery({ queryKey: statisticsKeys.funnel(filter), queryFn: ({ signal }) => fetchFunnel(filter, signal) });
  const replication = useQuery({ queryKey: statisticsKeys.replication(filter, cursor), queryFn: ({ signal }) => fetchReplication(filter, cursor, signal) });
  const [table, setTable] = useState<string>('initiatives');
  const csv = useMutation({ mutationFn: () => downloadCsv(table, filter) });

  const stageLabel = (s: string) => t(`stage_${s}`);
  const matrix = useMemo(() => (counts.data ? levelByField(counts.data.groups, t('noLevel')) : null), [counts.data, t]);
  const levelOption = useMemo(() => (matrix ? levelFieldOption(matrix) : null), [matrix]);
  const funnelChart = useMemo(() => (funnel.data ? funnelOption(funnel.data, (s) => t(`stage_${s}`)) : null), [funnel.data, t]);
  const replicationChart = useMemo(
    () => (replication.data ? replicationOption(replication.data.byLevel, { adoptingUnits: t('adoptingUnits'), replications: t('replicationsCount'), initiatives: t('initiativesCount') }) : null),
    [replication.data, t],
  );

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <form role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('movement')}
            value={filters.movementId}
            data={[{ value: '', label: t('allMovements') }, ...(movements.data?.items ?? []).map((m) => ({ value: m.movementId, label: m.title }))]}
            onChange={(e) => setFilters({ movementId: e.currentTarget.value })}
          />
          <TextInput label={t('year')} inputMode="numeric" w={110} value={filters.year} error={yearValid ? undefined : t('errYear')} onChange={(e) => setFilters({ year: e.currentTarget.value })} />
        </Group>
      </form>
      <Group align="flex-end">
        <NativeSelect label={t('csvTable')} value={table} data={CSV_TABLES.map((v) => ({ value: v, label: t(`table_${v}`) }))} onChange={(e) => setTable(e.currentTarget.value)} />
        <Button variant="default" loading={csv.isPending} onClick={() => csv.mutate()}>
          {t('downloadCsv')}
        </Button>
      </Group>
      <ErrorAlert error={csv.error} />

      <Figure
        id="stats-level-field"
        title={t('levelFieldTitle', { total: counts.data ? fmt.number(counts.data.total) : '…' })}
        chart={levelOption ? <Chart option={levelOption} label={t('levelFieldChart')} /> : counts.error ? <ErrorAlert error={counts.error} /> : <Loading />}
        table={
          counts.data && (
            <Table striped captionSide="top">
              <Table.Caption>{t('levelFieldCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('level')}</Table.Th>
                  <Table.Th scope="col">{t('field')}</Table.Th>
                  <Table.Th scope="col">{t('year')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('count')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {counts.data.groups.map((g, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{g.level ?? t('noLevel')}</Table.Td>
                    <Table.Td>{g.field}</Table.Td>
                    <Table.Td>{g.year}</Table.Td>
                    <Table.Td ta="right">{fmt.number(g.count)}</Table.Td>
                  </Table.Tr>
                ))}
                {counts.data.groups.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>{t('common:noResults')}</Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          )
        }
      />

      <Figure
        id="stats-funnel"
        title={t('funnelTitle')}
        chart={funnelChart ? <Chart option={funnelChart} label={t('funnelChart')} /> : funnel.error ? <ErrorAlert error={funnel.error} /> : <Loading />}
        table={
          funnel.data && (
            <Table striped captionSide="top">
              <Table.Caption>{t('funnelCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('stage')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('count')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('ofRegistered')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {FUNNEL_STAGES.map((s) => (
                  <Table.Tr key={s}>
                    <Table.Th scope="row">{stageLabel(s)}</Table.Th>
                    <Table.Td ta="right">{fmt.number(funnel.data[s])}</Table.Td>
                    <Table.Td ta="right">{funnel.data.registered ? `${fmt.number((100 * funnel.data[s]) / funnel.data.registered, 1)} %` : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      />

      <Figure
        id="stats-replication"
        title={t('replicationTitle')}
        chart={
          replication.error ? (
            <ErrorAlert error={replication.error} />
          ) : !replication.data || !replicationChart ? (
            <Loading />
          ) : replication.data.byLevel.length === 0 ? (
            <Text c="dimmed">{t('noReplication')}</Text>
          ) : (
            <Chart option={replicationChart} label={t('replicationChart')} />
          )
        }
        table={
          replication.data && (
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                {t('replicationNoYear')}
              </Text>
              <Table striped captionSide="top">
                <Table.Caption>{t('replicationCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('level')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('adoptingUnits')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('replicationsCount')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('initiativesCount')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {replication.data.byLevel.map((l) => (
                    <Table.Tr key={l.level}>
                      <Table.Th scope="row">{l.level}</Table.Th>
                      <Table.Td ta="right">{fmt.number(l.adoptingUnits)}</Table.Td>
                      <Table.Td ta="right">{fmt.number(l.replications)}</Table.Td>
                      <Table.Td ta="right">{fmt.number(l.initiatives)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {replication.data.byLevel.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>{t('common:noResults')}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Stack>
          )
        }
      />

      {replication.data && replication.data.items.length > 0 && (
        <Card withBorder component="section" aria-labelledby="stats-replication-items">
          <Title order={3} id="stats-replication-items" mb="sm">
            {t('perInitiativeTitle')}
          </Title>
          <Table striped captionSide="top">
            <Table.Caption>{t('perInitiativeCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('initiative')}</Table.Th>
                <Table.Th scope="col">{t('level')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('adoptingUnits')}
                </Table.Th>
                <Table.Th scope="col">{t('byLevel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {replication.data.items.map((r) => (
                <Table.Tr key={r.initiativeId}>
                  <Table.Td>{r.title}</Table.Td>
                  <Table.Td>{r.level ?? t('noLevel')}</Table.Td>
                  <Table.Td ta="right">{fmt.number(r.adoptingUnits)}</Table.Td>
                  <Table.Td>{r.byLevel.map((l) => `${l.level}: ${fmt.number(l.adoptingUnits)}`).join(' · ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <CursorPager nextCursor={replication.data.nextCursor} />
        </Card>
      )}
    </Stack>
  );
}
