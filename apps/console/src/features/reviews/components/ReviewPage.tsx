import { Alert, Anchor, Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError, readOwnWrites } from '../../../lib/api';
import { useSession } from '../../../lib/auth';
import { useFormat } from '../../../lib/prefs';
import { castBallot, declareConflict, fetchDefinition, fetchInitiative, reviewKeys, submitScores, type Choice, type ScoresBody } from '../api';
import { BallotForm } from './BallotForm';
import { ConflictForm } from './ConflictForm';
import { DossierPanel } from './DossierPanel';
import { explain, recusalReason } from './explain';
import { RubricForm } from './RubricForm';
import { ScoreSheets } from './ScoreSheets';
import { useCommand } from './useCommand';

/** One dossier under review: the dossier beside the score sheet, the ballot and the conflict declaration. */
export function ReviewPage() {
  const { initiativeId = '' } = useParams();
  const { t } = useTranslation('reviews');
  const fmt = useFormat();
  const me = useSession()?.user.userId ?? '';
  const initiative = useQuery({
    queryKey: reviewKeys.initiative(initiativeId),
    queryFn: ({ signal }) => fetchInitiative(initiativeId, readOwnWrites(), signal),
  });
  const def = initiative.data?.definition;
  const definition = useQuery({
    queryKey: reviewKeys.definition(def?.id ?? '', def?.version ?? 0),
    queryFn: ({ signal }) => (def ? fetchDefinition(def.id, def.version, signal) : Promise.reject(new Error('no definition'))),
    enabled: !!def,
    staleTime: Infinity,
  });
  const scores = useCommand((body: ScoresBody, key) => submitScores(initiativeId, body, key), reviewKeys.all);
  const ballot = useCommand((choice: Choice, key) => castBallot(initiativeId, choice, key), reviewKeys.all);
  const conflict = useCommand((reason: string, key) => declareConflict(initiativeId, reason, key), reviewKeys.all);

  const data = initiative.data;
  const review = data?.review ?? null;
  const rubric = definition.data?.parameters.rubric ?? [];
  const recusal = review?.recusals.find((r) => r.memberId === me);
  const open = review?.status === 'open';
  const error = scores.error ?? ballot.error ?? conflict.error;
  const recorded = (scores.isSuccess || ballot.isSuccess || conflict.isSuccess) && !error;
  // A submitted form goes away (the sheet is final, the vote cast): keyboard focus would fall to the
  // page's start. It moves to the confirmation instead, so the next Tab reaches the next form.
  const status = useRef<HTMLParagraphElement>(null);
  const recordedAt = Math.max(scores.submittedAt, ballot.submittedAt, conflict.submittedAt);
  useEffect(() => {
    if (recorded) status.current?.focus();
  }, [recorded, recordedAt]);

  return (
    <Stack>
      <Anchor component={Link} to="/reviews">
        {t('backToQueue')}
      </Anchor>
      <ErrorAlert error={explain(initiative.error, t)} />
      {initiative.isPending && <Text role="status">{t('common:loading')}</Text>}
      {data && (
        <>
          <Title order={1}>{data.title}</Title>
          {review ? (
            <Group gap="sm">
              <Text>{t('reviewDeadline', { deadline: fmt.dateTime(review.deadline) })}</Text>
              {open && new Date(review.deadline).getTime() < Date.now() && <Badge color="red">{t('overdue')}</Badge>}
              <Badge variant="outline">{review.secretBallot ? t('ballotSecret') : t('ballotOpen')}</Badge>
              <Text size="sm">{t('panel', { count: review.panel.length })}</Text>
              <Text size="sm">{t('voted', { count: review.voters.length })}</Text>
            </Group>
          ) : (
            <Text>{t('noReview')}</Text>
          )}
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <DossierPanel initiative={data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <ErrorAlert error={explain(error, t)} />
                {recorded && (
                  <Text role="status" c="teal.9" ref={status} tabIndex={-1}>
                    {t('done')}
                  </Text>
                )}
                {review && !open && <Text>{t('reviewClosed')}</Text>}
                {review && (review.youAreRecused || recusal) && (
                  <>
                    <Alert color="orange" title={t('recusedTitle')}>
                      {t('recusedBody', { reason: recusalReason(recusal?.reason ?? 'declared_conflict', t) })}
                    </Alert>
                    {/* The refusal the API gives a recused member's score or ballot, in words with its code. */}
                    <ErrorAlert error={new ApiError(403, 'CONFLICT_OF_INTEREST', t('recusedTitle'), t('code_CONFLICT_OF_INTEREST'))} />
                  </>
                )}
                {review && !review.youAreRecused && !recusal && (
                  <>
                    {/* A track without a rubric (e.g. the annual title's secret ballot) is only voted on. */}
                    {open && !review.scores.own && rubric.length > 0 && <RubricForm rubric={rubric} onSubmit={(b) => scores.mutate(b)} submitting={scores.isPending} />}
                    {rubric.length > 0 && <ScoreSheets review={review} rubric={rubric} />}
                    <BallotForm review={review} me={me} onCast={(c) => ballot.mutate(c)} submitting={ballot.isPending} />
                    {open && !review.youVoted && <ConflictForm onDeclare={(r) => conflict.mutate(r)} submitting={conflict.isPending} />}
                  </>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
