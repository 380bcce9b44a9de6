import { Alert, Anchor, Grid, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { readOwnWrites } from '../../../lib/api';
import { useFormat } from '../../../lib/prefs';
import { AWAITING_DECISION, decisionKeys, fetchInitiative, recordDecision, type DecisionBody } from '../api';
import { ConsultationOutcome } from './ConsultationOutcome';
import { CouncilResult } from './CouncilResult';
import { DecisionForm } from './DecisionForm';
import { explain } from './explain';
import { useCommand } from './useCommand';

/** One dossier awaiting a decision: the council's tally and the consultation beside the decision form. */
export function DecisionPage() {
  const { initiativeId = '' } = useParams();
  const { t } = useTranslation('decisions');
  const fmt = useFormat();
  const initiative = useQuery({
    queryKey: decisionKeys.initiative(initiativeId),
    queryFn: ({ signal }) => fetchInitiative(initiativeId, readOwnWrites(), signal),
  });
  const decide = useCommand((body: DecisionBody, key) => recordDecision(initiativeId, body, key), decisionKeys.all);
  const data = initiative.data;
  const closed = data ? [...data.reviews].reverse().find((r) => r.status === 'closed') : undefined;
  const openObjections = data?.objections.filter((o) => o.status === 'open').length ?? 0;
  const awaiting = data?.status === AWAITING_DECISION || !!data?.next.some((n) => n.command === 'recordDecision');
  return (
    <Stack>
      <Anchor component={Link} to="/decisions">
        {t('backToList')}
      </Anchor>
      <ErrorAlert error={initiative.error} />
      {initiative.isPending && <Text role="status">{t('common:loading')}</Text>}
      {data && (
        <>
          <Title order={1}>{data.title}</Title>
          <Text>{t('stage', { stage: data.stageLabel ?? data.status })}</Text>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <CouncilResult review={closed} />
                <ConsultationOutcome consultation={data.consultation} objections={data.objections} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <ErrorAlert error={explain(decide.error, t)} />
                {decide.isSuccess && (
                  <Text role="status" c="teal.9">
                    {t('recorded')}
                  </Text>
                )}
                {!awaiting && <Text>{t('notAwaiting')}</Text>}
                {awaiting && openObjections > 0 && <Alert color="orange">{t('openObjectionsBlock', { count: openObjections })}</Alert>}
                {awaiting && <DecisionForm nominatedForm={data.awardForm} onDecide={(b) => decide.mutate(b)} submitting={decide.isPending} />}
                {data.awards.length > 0 && (
                  <Paper withBorder p="md" component="section" aria-labelledby="awards-title">
                    <Title order={2} id="awards-title">
                      {t('awards')}
                    </Title>
                    <List>
                      {data.awards.map((a) => (
                        <List.Item key={a.decisionNo}>
                          {t('award', { form: a.awardForm, no: a.decisionNo, date: fmt.date(a.decidedOn), signer: a.signedBy })}
                          {a.revoked ? ` (${t('revoked')})` : ''}
                        </List.Item>
                      ))}
                    </List>
                  </Paper>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
