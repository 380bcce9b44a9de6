import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/prefs';
import type { RubricCriterion, ReviewView, ScoreSheet } from '../api';

function Sheet({ sheet, rubric, caption }: { sheet: ScoreSheet; rubric: RubricCriterion[]; caption: string }) {
  const { t } = useTranslation('reviews');
  const fmt = useFormat();
  return (
    <Table captionSide="top">
      <Table.Caption>
        {caption} · {t('submittedAt', { at: fmt.dateTime(sheet.submittedAt) })}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('criterion')}</Table.Th>
          <Table.Th scope="col">{t('score')}</Table.Th>
          <Table.Th scope="col">{t('comment')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rubric.map((c) => (
          <Table.Tr key={c.criterion}>
            <Table.Td>{c.label ?? c.criterion}</Table.Td>
            <Table.Td>
              {sheet.scores[c.criterion] ?? '—'} / {c.max}
            </Table.Td>
            <Table.Td>{sheet.comments?.[c.criterion] ?? ''}</Table.Td>
          </Table.Tr>
        ))}
        {sheet.comment && (
          <Table.Tr>
            <Table.Td colSpan={3}>{sheet.comment}</Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** My sheet, and the others' only once the API discloses them (after mine: no anchoring). */
export function ScoreSheets({ review, rubric }: { review: ReviewView; rubric: RubricCriterion[] }) {
  const { t } = useTranslation('reviews');
  const { own, others, othersHidden } = review.scores;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sheets-title">
      <Stack>
        <Title order={2} id="sheets-title">
          {t('sheetsTitle')}
        </Title>
        {own && <Sheet sheet={own} rubric={rubric} caption={t('yourScores')} />}
        {othersHidden || !own ? (
          <Text>{t('othersHidden')}</Text>
        ) : others.length === 0 ? (
          <Text>{t('othersNone')}</Text>
        ) : (
          others.map((s) => <Sheet key={s.memberId} sheet={s} rubric={rubric} caption={`${t('member')}: ${s.memberId}`} />)
        )}
      </Stack>
    </Paper>
  );
}
