import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/prefs';
import { fetchPublicInitiative, galleryKeys } from './api';
import { Authors } from './GalleryPage';
import './messages';

/** An initiative's public page: a shareable URL anyone may open. */
export function PublicInitiativePage() {
  const { t } = useTranslation('gallery');
  const fmt = useFormat();
  const { initiativeId = '' } = useParams();
  const query = useQuery({ queryKey: galleryKeys.one(initiativeId), queryFn: () => fetchPublicInitiative(initiativeId) });
  const item = query.data;
  return (
    <Stack>
      <Anchor component={Link} to="/gallery">
        {t('back')}
      </Anchor>
      {query.error instanceof ApiError && query.error.status === 404 ? <Text role="alert">{t('notFound')}</Text> : <ErrorAlert error={query.error} />}
      {item && (
        <>
          <Title order={2}>{item.title}</Title>
          <Title order={3} size="h4">
            {t('summary')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{item.summary}</Text>
          <Table variant="vertical" withTableBorder maw={720}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t('authors')}</Table.Th>
                <Table.Td>
                  <Authors authors={item.authors} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('unit')}</Table.Th>
                <Table.Td>{item.unitName ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('field')}</Table.Th>
                <Table.Td>{item.field}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('level')}</Table.Th>
                <Table.Td>{item.level ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('awardForm')}</Table.Th>
                <Table.Td>{item.awardForm ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('publishedAt')}</Table.Th>
                <Table.Td>{fmt.date(item.publishedAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('publication')}</Table.Th>
                <Table.Td>
                  {item.url ? (
                    <Anchor href={item.url} target="_blank" rel="noopener noreferrer">
                      {item.channel ?? item.url}
                    </Anchor>
                  ) : (
                    (item.channel ?? '—')
                  )}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('adoptingUnits')}</Table.Th>
                <Table.Td>{fmt.number(item.adoptingUnits)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
