import { Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Choice, ReviewView } from '../api';
import { SecretBallotNotice } from './SecretBallotNotice';

export const CHOICES: Choice[] = ['approve', 'reject', 'abstain'];

export interface BallotFormProps {
  review: Pick<ReviewView, 'secretBallot' | 'youVoted' | 'panel' | 'recusals' | 'status'> & { ballots?: ReviewView['ballots'] };
  me: string;
  onCast: (choice: Choice) => void;
  submitting?: boolean;
}

/** The ballot (approve / reject / abstain); a secret review says first what secrecy means. */
export function BallotForm({ review, me, onCast, submitting }: BallotFormProps) {
  const { t } = useTranslation('reviews');
  const [choice, setChoice] = useState<string>('');
  const [tried, setTried] = useState(false);
  const eligible = review.panel.filter((m) => !review.recusals.some((r) => r.memberId === m)).length;
  const mine = review.ballots?.find((b) => b.memberId === me);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ballot-title">
      <Stack>
        <Title order={2} id="ballot-title">
          {t('ballotTitle')}
        </Title>
        {review.secretBallot && <SecretBallotNotice eligible={eligible} />}
        {review.youVoted ? (
          <Text role="status">{review.secretBallot ? t('youVotedSecret') : mine ? t('youVotedChoice', { choice: t(mine.choice) }) : t('youVoted')}</Text>
        ) : review.status !== 'open' ? (
          <Text>{t('reviewClosed')}</Text>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setTried(true);
              if (CHOICES.includes(choice as Choice)) onCast(choice as Choice);
            }}
          >
            <Stack>
              <Radio.Group label={t('choice')} value={choice} onChange={setChoice} required error={tried && !choice ? t('chooseFirst') : undefined}>
                <Group mt="xs">
                  {CHOICES.map((c) => (
                    <Radio key={c} value={c} label={t(c)} />
                  ))}
                </Group>
              </Radio.Group>
              <Button type="submit" loading={submitting}>
                {t('castBallot')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
