import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fetchWorkflows, workflowKeys } from './api';
import './messages';

/** /workflows — the definitions and their published versions. */
export function WorkflowsPage() {
  const { t } = useTranslation('workflows');
  const [params] = useSearchParams();
  const cursor = params.get('cursor');
  const list = useQuery({ queryKey: workflowKeys.list(cursor), queryFn: () => fetchWorkflows(cursor), placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={list.error} />
      {list.data?.items.length === 0 && <Text>{t('noResults', { ns: 'common' })}</Text>}
      {!!list.data?.items.length && (
        <Table striped withTableBorder aria-label={t('title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('definition')}</Table.Th>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('latestVersion')}</Table.Th>
              <Table.Th>{t('versions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((w) => (
              <Table.Tr key={w.definitionId}>
                <Table.Td>
                  <Anchor component={Link} to={`/workflows/${encodeURIComponent(w.definitionId)}`}>
                    {w.definitionId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {w.title}
                  {w.description && (
                    <Text size="xs" c="dimmed">
                      {w.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{w.latestVersion}</Table.Td>
                <Table.Td>
                  {w.versions.map((v, i) => (
                    <span key={v}>
                      {i > 0 && ', '}
                      <Anchor component={Link} to={`/workflows/${encodeURIComponent(w.definitionId)}?version=${v}`}>
                        v{v}
                      </Anchor>
                    </span>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={list.data?.nextCursor} />
    </Stack>
  );
}
