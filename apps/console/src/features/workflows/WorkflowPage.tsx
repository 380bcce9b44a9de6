import { Badge, Group, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { fetchDefinition, fetchDiagram, fetchStageCounts, fetchWorkflowSummary, workflowKeys } from './api';
import { countsFor, withStageCounts } from './diagram';
import { MermaidDiagram } from './MermaidDiagram';
import './messages';

const URL_KEYS = ['version', 'counts'] as const;

/** /workflows/:id?version=N — one version drawn, with how many initiatives stand in each stage now. */
export function WorkflowPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('workflows');
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(URL_KEYS);
  const summary = useQuery({ queryKey: workflowKeys.summary(id), queryFn: () => fetchWorkflowSummary(id), enabled: !!id });
  const found = summary.data ?? undefined;
  const latest = found?.latestVersion ?? 1;
  const chosen = Number(filters.version) > 0 ? Number(filters.version) : null;
  const version = chosen ?? latest;
  const ready = !!id && (chosen !== null || summary.isFetched);
  const allVersions = filters.counts === 'all';
  const definition = useQuery({ queryKey: workflowKeys.version(id, version), queryFn: () => fetchDefinition(id, version), enabled: ready });
  const diagram = useQuery({ queryKey: workflowKeys.diagram(id, version), queryFn: () => fetchDiagram(id, version), enabled: ready });
  const stages = useQuery({ queryKey: workflowKeys.stages(id), queryFn: () => fetchStageCounts(id), enabled: !!id, refetchInterval: 30_000 });
  const counts = useMemo(() => countsFor(stages.data?.byVersion ?? [], allVersions ? undefined : version), [stages.data, allVersions, version]);
  const text = useMemo(
    () => (diagram.data && definition.data && stages.data ? withStageCounts(diagram.data.mermaid, definition.data.stages, counts, (n) => t('inStage', { count: n, n: fmt.number(n) })) : null),
    [diagram.data, definition.data, stages.data, counts, t, fmt],
  );
  const counted = definition.data?.stages.filter((s) => s.kind !== 'choice') ?? [];
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  return (
    <Stack>
      <Title order={2}>{t('workflowTitle', { title: definition.data?.title ?? id })}</Title>
      {definition.data?.description && <Text size="sm">{definition.data.description}</Text>}
      <ErrorAlert error={summary.error ?? definition.error ?? diagram.error ?? stages.error} />
      <Group align="flex-end">
        <NativeSelect
          label={t('version')}
          value={String(version)}
          data={(found?.versions ?? [version]).map((v) => ({ value: String(v), label: `v${v}${v === latest ? ` (${t('latest')})` : ''}` }))}
          onChange={(e) => setFilters({ version: e.currentTarget.value === String(latest) ? '' : e.currentTarget.value })}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="counts-scope-label">
            {t('countsScope')}
          </Text>
          <SegmentedControl
            aria-labelledby="counts-scope-label"
            value={allVersions ? 'all' : 'this'}
            onChange={(v) => setFilters({ counts: v === 'all' ? 'all' : '' })}
            data={[
              { value: 'this', label: t('thisVersion', { version }) },
              { value: 'all', label: t('allVersions') },
            ]}
          />
        </Stack>
      </Group>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          {t('diagram')}
        </Title>
        {text ? <MermaidDiagram text={text} label={t('diagramLabel', { title: definition.data?.title ?? id, version })} /> : <Text role="status">{t('diagramLoading')}</Text>}
      </Paper>
      {definition.data && stages.data && (
        <section aria-labelledby="stage-counts">
          <Title order={3} size="h4" id="stage-counts" mb="sm">
            {t('stageCounts', { total: fmt.number(total) })}
          </Title>
          <Table withTableBorder aria-labelledby="stage-counts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stage')}</Table.Th>
                <Table.Th>{t('kind')}</Table.Th>
                <Table.Th ta="right">{t('initiatives')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {counted.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {s.label ?? s.id} <Text span size="xs" c="dimmed">({s.id})</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.kind === 'final' ? 'gray' : 'teal'}>
                      {t(`kind_${s.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" data-testid={`stage-count-${s.id}`}>
                    {fmt.number(counts.get(s.id) ?? 0)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
    </Stack>
  );
}
