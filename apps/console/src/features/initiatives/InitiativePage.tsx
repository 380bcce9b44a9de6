import { Accordion, Anchor, Badge, Button, Card, Code, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useSession } from '../../lib/auth';
import { useFormat } from '../../lib/prefs';
import {
  EscalationForm,
  NominationForm,
  ProgressForm,
  ReplicationForm,
  ReplicationResultForm,
  ResubmitForm,
  SelfAssessmentForm,
  WithdrawForm,
} from './ActionForms';
import { getHistory, getInitiative, initiativeKeys, type InitiativeView } from './api';
import { useStatusLabel } from './hooks';
import './messages';

/** The officer's commands, in the order the page offers them, with their forms. */
const ACTIONS: { command: string; label: string; Form: ComponentType<{ initiative: InitiativeView }> }[] = [
  { command: 'reportProgress', label: 'actionProgress', Form: ProgressForm },
  { command: 'submitSelfAssessment', label: 'actionSelfAssessment', Form: SelfAssessmentForm },
  { command: 'nominate', label: 'actionNominate', Form: NominationForm },
  { command: 'resubmit', label: 'actionResubmit', Form: ResubmitForm },
  { command: 'reportReplication', label: 'actionReplication', Form: ReplicationForm },
  { command: 'recordReplicationResult', label: 'actionReplicationResult', Form: ReplicationResultForm },
  { command: 'escalate', label: 'actionEscalate', Form: EscalationForm },
  { command: 'withdraw', label: 'actionWithdraw', Form: WithdrawForm },
];

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

const HISTORY_COMPACT = 8;

/** An initiative: where it stands, its dossier, its history in short, and what the officer may do now. */
export function InitiativePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('initiatives');
  const fmt = useFormat();
  const session = useSession();
  const statusLabel = useStatusLabel();
  const [fullHistory, setFullHistory] = useState(false);
  const detail = useQuery({ queryKey: initiativeKeys.detail(id), queryFn: ({ signal }) => getInitiative(id, signal) });
  const history = useQuery({ queryKey: initiativeKeys.history(id), queryFn: ({ signal }) => getHistory(id, signal) });
  const i = detail.data;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!i) {
    return (
      <Text role="status" aria-live="polite">
        {t('common:loading')}
      </Text>
    );
  }
  const officer = hasRole(session, 'unit_officer');
  const allowed = new Set(i.next.filter((n) => n.roles.includes('unit_officer')).map((n) => n.command));
  const actions = officer ? ACTIONS.filter((a) => allowed.has(a.command)) : [];
  const events = history.data?.events ?? [];
  const shown = fullHistory ? [...events].reverse() : events.slice(-HISTORY_COMPACT).reverse();
  return (
    <Stack>
      <Anchor component={Link} to="/initiatives">
        ← {t('backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{i.title}</Title>
        <Badge size="lg" variant="filled" aria-label={t('statusIs', { status: statusLabel(i.status) })}>
          {statusLabel(i.status)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl">
        <Fact label={t('stage')}>{i.stageLabel ?? i.stage}</Fact>
        <Fact label={t('movement')}>{i.movementId}</Fact>
        <Fact label={t('unit')}>{i.unitId}</Fact>
        <Fact label={t('field')}>{i.field}</Fact>
        <Fact label={t('level')}>{i.level ?? '—'}</Fact>
        <Fact label={t('council')}>{i.councilId ?? '—'}</Fact>
        <Fact label={t('awardForm')}>{i.awardForm ?? '—'}</Fact>
        <Fact label={t('registeredAt')}>{fmt.dateTime(i.registeredAt)}</Fact>
        <Fact label={t('definition')}>
          {i.definition.id} v{i.definition.version}
        </Fact>
      </SimpleGrid>
      <Text>{i.summary}</Text>
      <Text size="sm">
        {t('authors')}: {i.authors.length ? i.authors.map((a) => a.name).join(', ') : '—'}
      </Text>
      {i.withdrawal && (
        <Text c="orange">
          {t('withdrawnBecause', { reason: i.withdrawal.reason, when: fmt.dateTime(i.withdrawal.withdrawnAt) })}
        </Text>
      )}

      <section aria-labelledby="actions-heading">
        <Title order={3} id="actions-heading">
          {t('actionsTitle')}
        </Title>
        {actions.length === 0 ? (
          <Text c="dimmed">{i.final ? t('noActionsFinal') : t('noActions')}</Text>
        ) : (
          <Accordion variant="separated" multiple defaultValue={actions.length === 1 ? [actions[0].command] : []}>
            {actions.map(({ command, label, Form }) => (
              <Accordion.Item key={command} value={command}>
                <Accordion.Control>{t(label)}</Accordion.Control>
                <Accordion.Panel>
                  <Form initiative={i} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </section>

      <section aria-labelledby="progress-heading">
        <Title order={3} id="progress-heading">
          {t('progressReports')}
        </Title>
        {i.progressReports.length === 0 ? (
          <Text c="dimmed">{t('none')}</Text>
        ) : (
          <List>
            {i.progressReports.map((r) => (
              <List.Item key={r.reportId}>
                {fmt.dateTime(r.reportedAt)}: {r.summary}
                {r.indicators && <Code ml="xs">{JSON.stringify(r.indicators)}</Code>}
              </List.Item>
            ))}
          </List>
        )}
        {i.selfAssessment && (
          <Text mt="xs">
            {t('selfAssessment')}: {i.selfAssessment.summary}
            {i.selfAssessment.selfScore !== undefined && ` (${fmt.number(i.selfAssessment.selfScore, 2)})`}
          </Text>
        )}
      </section>

      <section aria-labelledby="dossier-heading">
        <Title order={3} id="dossier-heading">
          {t('dossier')}
        </Title>
        {i.dossier.statement && <Text>{i.dossier.statement}</Text>}
        {i.dossier.documents.length === 0 ? (
          <Text c="dimmed">{t('noDocuments')}</Text>
        ) : (
          <Table captionSide="top">
            <Table.Caption>{t('documentsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('documentKindHeader')}</Table.Th>
                <Table.Th scope="col">{t('fileName')}</Table.Th>
                <Table.Th scope="col">{t('size')}</Table.Th>
                <Table.Th scope="col">{t('mediaType')}</Table.Th>
                <Table.Th scope="col">SHA-256</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {i.dossier.documents.map((d) => (
                <Table.Tr key={d.name}>
                  <Table.Td>{d.name}</Table.Td>
                  <Table.Td>{d.fileName ?? '—'}</Table.Td>
                  <Table.Td>{d.size === undefined ? '—' : `${fmt.number(d.size)} B`}</Table.Td>
                  <Table.Td>{d.mediaType ?? '—'}</Table.Td>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{d.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>

      {i.review && (
        <section aria-labelledby="review-heading">
          <Title order={3} id="review-heading">
            {t('review')}
          </Title>
          <Text>
            {t('reviewSummary', { council: i.review.councilId, deadline: fmt.dateTime(i.review.deadline) })} ·{' '}
            {i.review.status === 'closed' ? t('reviewClosed', { outcome: i.review.outcome ?? '' }) : t('reviewOpen')}
          </Text>
        </section>
      )}

      {(i.awards.length > 0 || i.replications.length > 0) && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder component="section" aria-labelledby="awards-heading">
            <Title order={3} id="awards-heading">
              {t('awards')}
            </Title>
            {i.awards.length === 0 ? (
              <Text c="dimmed">{t('none')}</Text>
            ) : (
              <List>
                {i.awards.map((a) => (
                  <List.Item key={a.decisionNo}>
                    {a.awardForm} · {a.level} · {a.decisionNo} · {fmt.date(a.decidedOn)}
                    {a.revoked && ` · ${t('revoked')}`}
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
          <Card withBorder component="section" aria-labelledby="replications-heading">
            <Title order={3} id="replications-heading">
              {t('replications')} ({fmt.number(i.distinctAdopters)})
            </Title>
            {i.replications.length === 0 ? (
              <Text c="dimmed">{t('none')}</Text>
            ) : (
              <List>
                {i.replications.map((r) => (
                  <List.Item key={r.replicationId}>
                    {r.adoptingUnitId} · {r.level} · {fmt.date(r.startedOn)}
                    {r.note && ` · ${r.note}`}
                    {r.results.length > 0 && (
                      <List withPadding>
                        {r.results.map((res, k) => (
                          <List.Item key={k}>
                            {fmt.dateTime(res.recordedAt)}: {res.outcome}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
        </SimpleGrid>
      )}

      <section aria-labelledby="history-heading">
        <Group justify="space-between">
          <Title order={3} id="history-heading">
            {t('history')}
          </Title>
          {events.length > HISTORY_COMPACT && (
            <Button variant="subtle" onClick={() => setFullHistory((f) => !f)} aria-pressed={fullHistory}>
              {fullHistory ? t('historyCompact') : t('historyFull', { count: events.length })}
            </Button>
          )}
        </Group>
        <ErrorAlert error={history.error} />
        <Table captionSide="top">
          <Table.Caption>{t('historyCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('when')}</Table.Th>
              <Table.Th scope="col">{t('event')}</Table.Th>
              <Table.Th scope="col">{t('actor')}</Table.Th>
              <Table.Th scope="col">{t('reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={e.version}>
                <Table.Td>{fmt.dateTime(e.recordedAt)}</Table.Td>
                <Table.Td>{e.type}</Table.Td>
                <Table.Td>{e.actor ? [e.actor.id, e.actor.role, e.actor.unitId].filter(Boolean).join(' · ') : '—'}</Table.Td>
                <Table.Td>{e.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}
