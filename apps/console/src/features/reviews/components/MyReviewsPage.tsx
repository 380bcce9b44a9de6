import { Badge, Group, Select, Stack, Table, Text, Title, Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { readOwnWrites } from '../../../lib/api';
import { useFormat } from '../../../lib/prefs';
import { useUrlFilters } from '../../../lib/url-state';
import { fetchMyReviews, reviewKeys } from '../api';
import { SavedViews } from '../../../components/SavedViews';

const FILTERS = ['owes', 'secretBallot'] as const;

/** "My reviews": what the member owes and by when, overdue first (the API orders by deadline). */
export function MyReviewsPage() {
  const { t } = useTranslation('reviews');
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const q = { owes: filters.owes || undefined, secretBallot: filters.secretBallot || undefined, cursor };
  const queue = useQuery({
    queryKey: reviewKeys.queue(q),
    queryFn: ({ signal }) => fetchMyReviews({ ...q, minPosition: readOwnWrites() }, signal),
  });
  const items = queue.data?.items ?? [];
  return (
    <Stack>
      <Title order={1}>{t('queueTitle')}</Title>
      <Text>{t('queueIntro')}</Text>
      <Group align="flex-end">
        <Select
          label={t('filterOwes')}
          value={filters.owes || 'any'}
          onChange={(v) => setFilters({ owes: v && v !== 'any' ? v : '' })}
          data={[
            { value: 'any', label: t('owesAny') },
            { value: 'scores', label: t('owesScores') },
            { value: 'ballot', label: t('owesBallot') },
            { value: 'nothing', label: t('owesNothing') },
          ]}
          allowDeselect={false}
        />
        <Select
          label={t('filterBallot')}
          value={filters.secretBallot || 'any'}
          onChange={(v) => setFilters({ secretBallot: v && v !== 'any' ? v : '' })}
          data={[
            { value: 'any', label: t('ballotAny') },
            { value: 'true', label: t('ballotSecret') },
            { value: 'false', label: t('ballotOpen') },
          ]}
          allowDeselect={false}
        />
      </Group>
      <SavedViews screen="reviews" />
      <ErrorAlert error={queue.error} />
      {queue.isPending ? (
        <Text role="status">{t('common:loading')}</Text>
      ) : items.length === 0 && !queue.error ? (
        <Text>{t('empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('colInitiative')}</Table.Th>
              <Table.Th scope="col">{t('colDeadline')}</Table.Th>
              <Table.Th scope="col">{t('colOwes')}</Table.Th>
              <Table.Th scope="col">{t('colBallot')}</Table.Th>
              <Table.Th scope="col">{t('colRole')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.reviewId}>
                <Table.Td>
                  <Anchor component={Link} to={`/reviews/${encodeURIComponent(r.initiativeId)}`}>
                    {r.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{fmt.dateTime(r.deadline)}</Text>
                    {r.overdue && <Badge color="red">{t('overdue')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {r.owes.length === 0 ? (
                    <Text size="sm">{t('nothingOwed')}</Text>
                  ) : (
                    <Group gap={4}>
                      {r.owes.map((o) => (
                        <Badge key={o} variant="light">
                          {t(o === 'scores' ? 'owesScores' : 'owesBallot')}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>{r.secretBallot ? t('secret') : t('open')}</Table.Td>
                <Table.Td>{r.role === 'member' ? t('roleMember') : t('roleSecretary')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager nextCursor={queue.data?.nextCursor} />
    </Stack>
  );
}
