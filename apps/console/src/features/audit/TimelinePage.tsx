import { Badge, Button, Code, Group, Paper, SegmentedControl, Slider, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { auditKeys, downloadHistoryJson, fetchHistory, type HistoryEntry, type InitiativeView } from './api';
import { compactTimeline, definitionOf, formatPrecise, fromWallTime, instantOfVersion, ruleOf, toWallTime, versionAt } from './timeline';
import './messages';

const URL_KEYS = ['view', 'version'] as const;

/** /audit/initiatives/:id — the decision timeline, the dossier as it was (?version=), compact / full (?view=full). */
export function TimelinePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  const [filters, setFilters] = useUrlFilters(URL_KEYS);
  const full = filters.view === 'full';
  const history = useQuery({ queryKey: auditKeys.history(id), queryFn: () => fetchHistory(id) });
  const events = history.data?.events ?? [];
  const current = history.data?.currentVersion ?? 0;
  const parsed = filters.version === '' ? Number.NaN : Number(filters.version);
  const selected = Number.isInteger(parsed) && parsed >= 0 && parsed <= current ? parsed : current;
  const past = useQuery({
    queryKey: auditKeys.history(id, selected),
    queryFn: () => fetchHistory(id, selected),
    enabled: !!history.data && selected < current,
    placeholderData: keepPreviousData,
  });
  const state = selected < current ? past.data?.state : history.data?.state;
  const shown = useMemo(() => (full ? events : compactTimeline(events)), [events, full]);
  const selectedAt = instantOfVersion(events, selected);
  const [moment, setMoment] = useState('');
  const select = (version: number) => setFilters({ version: version >= current ? '' : String(version) });

  return (
    <Stack>
      <Title order={2}>{t('timelineTitle', { id })}</Title>
      <Text size="sm">{t('timelineIntro')}</Text>
      <ErrorAlert error={history.error ?? past.error} />
      {history.data && (
        <>
          <Group justify="space-between" align="flex-end">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="audit-view-label">
                {t('view')}
              </Text>
              <SegmentedControl
                aria-labelledby="audit-view-label"
                value={full ? 'full' : 'compact'}
                onChange={(v) => setFilters({ view: v === 'full' ? 'full' : '' })}
                data={[
                  { value: 'compact', label: t('compact') },
                  { value: 'full', label: t('full') },
                ]}
              />
            </Stack>
            <Button variant="default" onClick={() => void downloadHistoryJson(id)}>
              {t('downloadJson')}
            </Button>
          </Group>

          <Paper withBorder p="md">
            <Stack>
              <Title order={3}>{t('timePicker')}</Title>
              <Slider
                min={0}
                max={current}
                step={1}
                value={selected}
                onChange={(v) => {
                  setMoment('');
                  select(v);
                }}
                label={(v) => (v === current ? t('now') : `v${v}`)}
                thumbLabel={t('slider')}
                marks={events.filter((e) => e.type === 'StageChanged').map((e) => ({ value: e.version }))}
              />
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const at = fromWallTime(moment, fmt.prefs.timeZone);
                  if (!Number.isNaN(at)) select(versionAt(events, at));
                }}
              >
                <Group align="flex-end">
                  <TextInput
                    type="datetime-local"
                    step={1}
                    label={t('moment')}
                    description={t('timeZoneHint', { zone: fmt.prefs.timeZone })}
                    value={moment || (selectedAt ? toWallTime(selectedAt, fmt.prefs.timeZone) : '')}
                    onChange={(e) => setMoment(e.currentTarget.value)}
                  />
                  <Button type="submit">{t('showAt')}</Button>
                  <Button variant="default" onClick={() => { setMoment(''); select(current); }}>
                    {t('now')}
                  </Button>
                </Group>
              </form>
              <Text role="status" aria-live="polite">
                {selected === 0 ? t('beforeFirst') : t('asOf', { version: selected, current, when: formatPrecise(selectedAt, fmt.prefs.language, fmt.prefs.timeZone) })}
              </Text>
              {selected > 0 && state && <DossierThen state={state} />}
            </Stack>
          </Paper>

          <Title order={3}>{t('eventsCount', { shown: shown.length, total: events.length })}</Title>
          <Timeline entries={shown} selected={selected} full={full} onSelect={select} />
        </>
      )}
    </Stack>
  );
}

function DossierThen({ state }: { state: InitiativeView }) {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  return (
    <section aria-label={t('stateTitle')}>
      <Title order={4} mb="xs">
        {t('stateTitle')}
      </Title>
      <Table variant="vertical" withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>{t('stage')}</Table.Th>
            <Table.Td data-testid="stage-then">
              <Badge variant="light">{state.stageLabel ?? state.stage}</Badge> <Code>{state.stage}</Code>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('title')}</Table.Th>
            <Table.Td>{state.title}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('definition')}</Table.Th>
            <Table.Td>
              {state.definition.id}@{state.definition.version}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('unit')}</Table.Th>
            <Table.Td>{state.unitId}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('level')}</Table.Th>
            <Table.Td>{state.level ?? t('none')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('council')}</Table.Th>
            <Table.Td>{state.councilId ?? t('none')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('documents')}</Table.Th>
            <Table.Td>
              {state.dossier?.documents?.length
                ? state.dossier.documents.map((d) => (
                    <Text key={d.sha256} size="sm">
                      {d.name} <Code>{d.sha256}</Code>
                    </Text>
                  ))
                : t('none')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('reviews')}</Table.Th>
            <Table.Td>
              {state.reviews.length
                ? state.reviews.map((r) => (
                    <Text key={r.reviewId} size="sm">
                      {r.reviewId} · {r.status}
                      {r.outcome ? ` · ${r.outcome}` : ''}
                      {r.tally ? ` · ${t('tally', { ...r.tally })}` : ''}
                    </Text>
                  ))
                : t('none')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('awards')}</Table.Th>
            <Table.Td>
              {state.awards.length
                ? state.awards.map((a) => (
                    <Text key={a.decisionNo} size="sm">
                      {a.awardForm} ({a.level}) — {t('decisionNo', { no: a.decisionNo, date: fmt.date(a.decidedOn), signer: a.signedBy })}
                    </Text>
                  ))
                : t('none')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('publications')}</Table.Th>
            <Table.Td>{state.publications.length ? state.publications.map((p) => `${p.channel} (${fmt.date(p.publishedAt)})`).join(', ') : t('none')}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </section>
  );
}

function Timeline({ entries, selected, full, onSelect }: { entries: HistoryEntry[]; selected: number; full: boolean; onSelect: (v: number) => void }) {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder aria-label={t('timeline')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('version')}</Table.Th>
            <Table.Th>{t('when')}</Table.Th>
            <Table.Th>{t('event')}</Table.Th>
            <Table.Th>{t('who')}</Table.Th>
            <Table.Th>{t('definition')}</Table.Th>
            <Table.Th>{t('rule')}</Table.Th>
            <Table.Th>{t('reason')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('showAt')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => {
            const later = e.version > selected;
            return (
              <Table.Tr key={e.version} style={later ? { opacity: 0.6 } : undefined} aria-current={e.version === selected ? 'step' : undefined}>
                <Table.Td>{e.version}</Table.Td>
                <Table.Td>
                  <time dateTime={e.recordedAt}>{formatPrecise(e.recordedAt, fmt.prefs.language, fmt.prefs.timeZone)}</time>
                  {later && (
                    <Text size="xs" c="dimmed">
                      {t('later')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {e.type}
                    {e.type === 'StageChanged' && typeof e.data.to === 'string' ? ` → ${e.data.to}` : ''}
                  </Text>
                  {full && (
                    <Code block mt={4} tabIndex={0} style={{ maxWidth: 420, whiteSpace: 'pre-wrap' }}>
                      {JSON.stringify(e.data, null, 2)}
                    </Code>
                  )}
                </Table.Td>
                <Table.Td>
                  {e.actor ? (
                    <>
                      <Text size="sm">{e.actor.id}</Text>
                      <Text size="xs">
                        {t('role')}: {e.actor.role ?? '—'} · {t('unit')}: {e.actor.unitId ?? '—'}
                      </Text>
                    </>
                  ) : (
                    t('system')
                  )}
                </Table.Td>
                <Table.Td>{definitionOf(e) ?? '—'}</Table.Td>
                <Table.Td>{ruleOf(e) ?? '—'}</Table.Td>
                <Table.Td>{e.reason ?? '—'}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => onSelect(e.version)} aria-label={`${t('showAt')}: v${e.version}`}>
                    {t('showAt')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
