import { Code, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/prefs';
import type { InitiativeView } from '../api';

/** The dossier as a member reads it: summary, authors, statement, documents with their SHA-256, progress reports. */
export function DossierPanel({ initiative }: { initiative: InitiativeView }) {
  const { t } = useTranslation('reviews');
  const fmt = useFormat();
  const documents = initiative.dossier?.documents ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="dossier-title">
      <Stack>
        <Title order={2} id="dossier-title">
          {t('dossier')}
        </Title>
        <Text size="sm">
          {t('stage')}: {initiative.stageLabel ?? initiative.status}
        </Text>
        <Title order={3}>{t('summary')}</Title>
        <Text>{initiative.summary}</Text>
        <Title order={3}>{t('authors')}</Title>
        <List>
          {initiative.authors.map((a, i) => (
            <List.Item key={`${a.name}-${i}`}>{a.name}</List.Item>
          ))}
        </List>
        <Title order={3}>{t('statement')}</Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{initiative.dossier?.statement || t('noStatement')}</Text>
        <Title order={3}>{t('documents')}</Title>
        {documents.length === 0 ? (
          <Text>{t('noDocuments')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('documentName')}</Table.Th>
                <Table.Th scope="col">{t('documentHash')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.map((d) => (
                <Table.Tr key={d.name + d.sha256}>
                  <Table.Td>{d.url ? <a href={d.url} rel="noreferrer noopener" target="_blank">{d.name}</a> : d.name}</Table.Td>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{d.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Title order={3}>{t('progressReports')}</Title>
        {initiative.progressReports.length === 0 ? (
          <Text>{t('noProgressReports')}</Text>
        ) : (
          <List>
            {initiative.progressReports.map((r) => (
              <List.Item key={r.reportId}>
                <Text size="sm" fw={600}>
                  {fmt.date(r.reportedAt)}
                </Text>
                <Text size="sm">{r.summary}</Text>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
