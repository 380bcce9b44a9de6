import { Alert, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReviewProgressView } from '../api';

const recusalKey = (reason: string) => `recusal_${reason.replace(/[:.]/g, '_')}`;

/**
 * Who has scored and who has voted — participation only. The view has no choice and no score to
 * show, and this table renders only booleans from it, so a secret review cannot leak through here.
 */
export function ProgressTable({ progress }: { progress: ReviewProgressView }) {
  const { t } = useTranslation('secretariat');
  const yesNo = (v: boolean) => (v ? t('yes') : t('no'));
  return (
    <>
      {progress.secretBallot && (
        <Alert color="blue" role="note">
          {t('secretProgressNotice')}
        </Alert>
      )}
      <Text>{t('progressSummary', { voted: progress.voted, scored: progress.scored, eligible: progress.eligible })}</Text>
      <Table striped>
        <caption>{t('progressCaption')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('member')}</Table.Th>
            <Table.Th scope="col">{t('councilRole')}</Table.Th>
            {progress.rubric && <Table.Th scope="col">{t('colScored')}</Table.Th>}
            <Table.Th scope="col">{t('colVoted')}</Table.Th>
            <Table.Th scope="col">{t('colRecusal')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {progress.members.map((m) => (
            <Table.Tr key={m.memberId}>
              <Table.Th scope="row">{m.memberId}</Table.Th>
              <Table.Td>{m.councilRole ? t(`role_${m.councilRole}`) : '—'}</Table.Td>
              {progress.rubric && <Table.Td>{m.recused ? '—' : yesNo(m.scored)}</Table.Td>}
              <Table.Td>{m.recused ? '—' : yesNo(m.voted)}</Table.Td>
              <Table.Td>
                {m.recused ? (
                  <>
                    <Badge color="gray" variant="light">
                      {t('recused')}
                    </Badge>{' '}
                    {m.recusalReason ? t(recusalKey(m.recusalReason)) : ''}
                    {m.conflictStatement ? ` — “${m.conflictStatement}”` : ''}
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
