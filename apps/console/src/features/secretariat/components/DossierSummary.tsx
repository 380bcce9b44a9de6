import { Badge, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InitiativeView } from '../api';

/** The dossier as the secretary screens it: summary, statement, authors, documents with their SHA-256. */
export function DossierSummary({ initiative }: { initiative: InitiativeView }) {
  const { t } = useTranslation('secretariat');
  return (
    <Stack gap="xs">
      <Badge variant="light" w="fit-content">
        {t('currentStage', { stage: t(`stage_${initiative.stage}`, { defaultValue: initiative.stageLabel ?? initiative.stage }) })}
      </Badge>
      <Title order={3}>{t('summary')}</Title>
      <Text>{initiative.summary}</Text>
      {initiative.dossier.statement && (
        <>
          <Title order={3}>{t('statement')}</Title>
          <Text>{initiative.dossier.statement}</Text>
        </>
      )}
      <Title order={3}>{t('authors')}</Title>
      <Text>{initiative.authors.map((a) => a.name).join(', ') || '—'}</Text>
      <Title order={3}>{t('documents')}</Title>
      {initiative.dossier.documents.length === 0 ? (
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
            {initiative.dossier.documents.map((d) => (
              <Table.Tr key={d.name}>
                <Table.Td>{d.url ? <a href={d.url}>{d.name}</a> : d.name}</Table.Td>
                <Table.Td>
                  <Code style={{ wordBreak: 'break-all' }}>{d.sha256}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
