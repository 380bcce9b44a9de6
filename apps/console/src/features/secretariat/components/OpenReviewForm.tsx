import { Alert, Button, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { fetchCouncil, openReview, secretariatKeys } from '../api';
import { useSecretaryCommand } from '../useCommand';

/** Opens the review: the panel as the council makes it (voting members; the secretary does not vote), a deadline. */
export function OpenReviewForm({ initiativeId, councilId }: { initiativeId: string; councilId: string | null }) {
  const { t } = useTranslation('secretariat');
  const council = useQuery({ queryKey: secretariatKeys.council(councilId ?? ''), queryFn: () => fetchCouncil(councilId ?? ''), enabled: !!councilId });
  const [deadline, setDeadline] = useState('');
  const command = useSecretaryCommand((body: { deadline?: string }, key) => openReview(initiativeId, body, key));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="open-review-title">
      <Stack>
        <Title order={3} id="open-review-title">
          {t('openReviewTitle')}
        </Title>
        <ErrorAlert error={council.error} />
        {council.data && (
          <>
            <Text size="sm">{t('panelNote')}</Text>
            <Table>
              <caption>{t('panelFromCouncil', { council: council.data.name })}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('member')}</Table.Th>
                  <Table.Th scope="col">{t('councilRole')}</Table.Th>
                  <Table.Th scope="col">{t('votes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {council.data.members.map((m) => (
                  <Table.Tr key={m.userId}>
                    <Table.Th scope="row">{m.userId}</Table.Th>
                    <Table.Td>{t(`role_${m.role}`)}</Table.Td>
                    <Table.Td>{m.role === 'secretary' ? t('votesNo') : t('votesYes')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            command.mutate(deadline ? { deadline: new Date(deadline).toISOString() } : {});
          }}
        >
          <Stack>
            <TextInput type="datetime-local" label={t('deadline')} description={t('deadlineHint')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} />
            <ErrorAlert error={command.error} />
            {command.isSuccess && (
              <Alert color="teal" role="status">
                {t('done')}
              </Alert>
            )}
            <Button type="submit" loading={command.isPending} w="fit-content">
              {t('submitOpenReview')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
