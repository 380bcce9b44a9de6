import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { useFormat } from '../../../lib/prefs';
import { allows, closeReview, fetchInitiative, fetchProgress, remindReviewers, secretariatKeys, type ReviewProgressView } from '../api';
import { useSecretaryCommand } from '../useCommand';
import { OpenReviewForm } from './OpenReviewForm';
import { ProgressTable } from './ProgressTable';
import { TallyView } from './TallyView';

/** Remind (those who still owe) and close (count and record the tally), while the review is open. */
function OpenReviewActions({ initiativeId, progress }: { initiativeId: string; progress: ReviewProgressView }) {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [confirming, setConfirming] = useState(false);
  const remind = useSecretaryCommand((_: void, key) => remindReviewers(initiativeId, key));
  const close = useSecretaryCommand((_: void, key) => closeReview(initiativeId, key), () => setConfirming(false));
  const owing = progress.members.some((m) => m.owing);
  return (
    <Stack>
      <Group>
        <Button variant="default" onClick={() => remind.mutate()} loading={remind.isPending} disabled={!owing}>
          {t('remind')}
        </Button>
        {!confirming && (
          <Button color="red" onClick={() => setConfirming(true)}>
            {t('closeReview')}
          </Button>
        )}
      </Group>
      {progress.lastRemindedAt && <Text size="sm">{t('lastReminded', { at: fmt.dateTime(progress.lastRemindedAt) })}</Text>}
      {remind.data && (
        <Alert color="teal" role="status">
          {t('reminded', { count: remind.data.reminded.length, members: remind.data.reminded.join(', ') })}
        </Alert>
      )}
      <ErrorAlert error={remind.error} />
      {confirming && (
        <Alert color="orange" title={t('confirmClose')}>
          <Group mt="xs">
            <Button color="red" onClick={() => close.mutate()} loading={close.isPending}>
              {t('closeReview')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              {tc('cancel')}
            </Button>
          </Group>
        </Alert>
      )}
      <ErrorAlert error={close.error} />
    </Stack>
  );
}

/** A review from the secretary's side: open it, follow who has scored and voted, remind, close with the tally. */
export function ReviewPage() {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { initiativeId = '' } = useParams();
  // Others (members, the authority, the public) move the dossier too: opening the page always reads it again.
  const initiative = useQuery({ queryKey: secretariatKeys.initiative(initiativeId), queryFn: () => fetchInitiative(initiativeId), refetchOnMount: 'always' });
  const hasReview = !!initiative.data?.review;
  const progress = useQuery({ queryKey: secretariatKeys.progress(initiativeId), queryFn: () => fetchProgress(initiativeId), enabled: hasReview });
  const data = initiative.data;
  const p = progress.data;
  // Where the track allows it (screened, or back after a review without quorum) a new cycle opens.
  const mayOpen = !!data && allows(data, 'openReview');
  return (
    <Stack>
      <Anchor component={Link} to="/secretariat/reviews" size="sm">
        {t('backToQueue')}
      </Anchor>
      <ErrorAlert error={initiative.error} />
      {initiative.isPending && <Text role="status">{tc('loading')}</Text>}
      {data && (
        <>
          <Title order={2}>{t('reviewTitle', { title: data.title })}</Title>
          <Text>{t('currentStage', { stage: t(`stage_${data.stage}`, { defaultValue: data.stageLabel ?? data.stage }) })}</Text>
          {mayOpen && <OpenReviewForm initiativeId={data.initiativeId} councilId={data.councilId} />}
          {!hasReview && !mayOpen && <Text>{t('noReview')}</Text>}
          {progress.error && !(progress.error instanceof ApiError && progress.error.status === 404) && <ErrorAlert error={progress.error} />}
          {p && (
            <Stack component="section" aria-labelledby="progress-title">
              <Group justify="space-between">
                <Title order={3} id="progress-title">
                  {t('progressTitle')}
                </Title>
                <Button variant="default" size="xs" onClick={() => void progress.refetch()} loading={progress.isFetching}>
                  {t('refresh')}
                </Button>
              </Group>
              <Text size="sm">
                {p.secretBallot ? t('secretBallotNotice') : t('openBallotNotice')} {t('deadline')}: {fmt.dateTime(p.deadline)}
              </Text>
              {p.status === 'open' && (
                <>
                  <ProgressTable progress={p} />
                  <OpenReviewActions initiativeId={data.initiativeId} progress={p} />
                </>
              )}
              {p.status === 'closed' && p.tally && <TallyView outcome={p.outcome ?? null} tally={p.tally} rule={p.rule ?? null} />}
              {p.status === 'closed' && allows(data, 'openConsultation') && (
                <Button component={Link} to={`/secretariat/consultations/${encodeURIComponent(data.initiativeId)}`} w="fit-content">
                  {t('goToConsultation')}
                </Button>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
