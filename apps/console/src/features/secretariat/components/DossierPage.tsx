import { Alert, Anchor, Button, Grid, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFormat } from '../../../lib/prefs';
import { allows, fetchInitiative, secretariatKeys } from '../api';
import { DossierSummary } from './DossierSummary';
import { EscalateForm, PublishForm } from './PublicationForms';
import { ScreeningForm } from './ScreeningForm';

// What the page offers follows the definition's transitions from the stage (tracks differ: the annual title has no screening).
const REVIEW_COMMANDS = ['openReview', 'closeReview'];
const CONSULTATION_COMMANDS = ['openConsultation', 'resolveObjection', 'closeConsultation'];

/** One dossier beside what the secretary may do with it at its stage: screen, publish, escalate. */
export function DossierPage() {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { initiativeId = '' } = useParams();
  // Others (members, the authority, the public) move the dossier too: opening the page always reads it again.
  const initiative = useQuery({ queryKey: secretariatKeys.initiative(initiativeId), queryFn: () => fetchInitiative(initiativeId), refetchOnMount: 'always' });
  const data = initiative.data;
  // What the last command did: shown after its form has gone with the stage it belonged to.
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Stack>
      <Anchor component={Link} to="/secretariat/screening" size="sm">
        {t('backToQueue')}
      </Anchor>
      <ErrorAlert error={initiative.error} />
      {initiative.isPending && <Text role="status">{tc('loading')}</Text>}
      {data && (
        <>
          <Title order={2}>{t('dossierTitle', { title: data.title })}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <DossierSummary initiative={data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack>
                {notice && !allows(data, 'screen') && (
                  <Alert color="teal" role="status">
                    {notice}
                  </Alert>
                )}
                {allows(data, 'screen') && <ScreeningForm initiativeId={data.initiativeId} onDone={setNotice} />}
                {REVIEW_COMMANDS.some((c) => allows(data, c)) && (
                  <Button component={Link} to={`/secretariat/reviews/${encodeURIComponent(data.initiativeId)}`} w="fit-content">
                    {t('goToReview')}
                  </Button>
                )}
                {CONSULTATION_COMMANDS.some((c) => allows(data, c)) && (
                  <Button component={Link} to={`/secretariat/consultations/${encodeURIComponent(data.initiativeId)}`} w="fit-content">
                    {t('goToConsultation')}
                  </Button>
                )}
                {allows(data, 'publish') && <PublishForm initiativeId={data.initiativeId} onDone={setNotice} />}
                {allows(data, 'escalate') && <EscalateForm initiativeId={data.initiativeId} adopters={data.distinctAdopters} onDone={setNotice} />}
                {data.publications.length > 0 && (
                  <section aria-labelledby="publications-title">
                    <Title order={3} id="publications-title">
                      {t('publications')}
                    </Title>
                    <List>
                      {data.publications.map((p) => (
                        <List.Item key={p.publishedAt}>
                          {p.url ? <a href={p.url}>{p.channel}</a> : p.channel} · {fmt.dateTime(p.publishedAt)}
                        </List.Item>
                      ))}
                    </List>
                  </section>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
