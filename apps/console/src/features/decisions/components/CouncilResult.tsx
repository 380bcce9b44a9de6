import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/prefs';
import type { ReviewView } from '../api';

/** The council's result as the API recorded it at close: outcome, ballot count, the rule applied. */
export function CouncilResult({ review }: { review: ReviewView | undefined }) {
  const { t } = useTranslation('decisions');
  const fmt = useFormat();
  const tally = review?.tally;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="council-title">
      <Stack>
        <Title order={2} id="council-title">
          {t('council')}
        </Title>
        {!review || !tally ? (
          <Text>{t('noClosedReview')}</Text>
        ) : (
          <>
            <Text fw={600}>{t('reviewOutcome', { outcome: t(`outcome_${review.outcome ?? 'no_quorum'}`) })}</Text>
            <Text size="sm">{fmt.dateTime(review.closedAt)}</Text>
            <Table captionSide="top">
              <Table.Caption>{t('tallyCaption')}</Table.Caption>
              <Table.Tbody>
                {(
                  [
                    ['tallyPanel', tally.panel],
                    ['tallyRecused', tally.recused],
                    ['tallyEligible', tally.eligible],
                    ['tallyVoted', tally.voted],
                    ['tallyApprove', tally.approve],
                    ['tallyReject', tally.reject],
                    ['tallyAbstain', tally.abstain],
                    ['tallyBase', tally.approvalBase],
                  ] as const
                ).map(([key, n]) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row">{t(key)}</Table.Th>
                    <Table.Td>{fmt.number(n)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row">{t('quorumMet')}</Table.Th>
                  <Table.Td>{tally.quorumMet ? t('yes') : t('no')}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            {review.rule && (
              <Text size="sm">
                {t('rule', {
                  quorum: review.rule.quorum.fraction,
                  quorumBase: t(`base_${review.rule.quorum.base}`, { defaultValue: review.rule.quorum.base }),
                  approval: review.rule.approval.fraction,
                  approvalBase: t(`base_${review.rule.approval.base}`, { defaultValue: review.rule.approval.base }),
                  definition: review.rule.definitionId,
                  version: review.rule.definitionVersion,
                })}
              </Text>
            )}
            {review.secretBallot && <Text size="sm">{t('secretBallot')}</Text>}
            {review.scoreSummary && <Text size="sm">{t('average', { average: fmt.number(review.scoreSummary.average, 1), sheets: review.scoreSummary.sheets })}</Text>}
          </>
        )}
      </Stack>
    </Paper>
  );
}
