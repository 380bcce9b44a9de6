import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { AUDIT_FILTERS, auditKeys, downloadAuditCsv, fetchAuditEvents, type AuditFilters } from './api';
import { SavedViews } from '../../components/SavedViews';
import { EventData } from './EventData';
import { formatPrecise, fromWallTime, toWallTime } from './timeline';
import './messages';

/** The initiative an event belongs to, from its stream name (`initiative-<id>`). */
export const initiativeOf = (stream: string): string | null => (stream.startsWith('initiative-') ? stream.slice('initiative-'.length) : null);

const definedFilters = (f: Record<string, string>): AuditFilters => Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as AuditFilters;

/** /audit — the raw event log with filters in the URL (actor, type, stream, time window), saved views, CSV. */
export function AuditLogPage() {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  const zone = fmt.prefs.timeZone;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const cursor = params.get('cursor');
  const [filters, setFilters] = useUrlFilters(AUDIT_FILTERS);
  const active = definedFilters(filters);
  // The form edits a draft (times as the viewer's wall clock); Apply writes instants to the URL.
  const toDraft = () => ({ ...filters, from: filters.from ? toWallTime(filters.from, zone) : '', to: filters.to ? toWallTime(filters.to, zone) : '' });
  const [draft, setDraft] = useState(toDraft);
  useEffect(() => setDraft(toDraft()), [params.toString(), zone]);
  const events = useQuery({ queryKey: auditKeys.events(active, cursor), queryFn: () => fetchAuditEvents(active, cursor), placeholderData: keepPreviousData });
  const csv = useMutation({ mutationFn: () => downloadAuditCsv(active) });
  const [initiativeId, setInitiativeId] = useState('');
  const instant = (wall: string) => {
    const at = fromWallTime(wall, zone);
    return Number.isNaN(at) ? '' : new Date(at).toISOString();
  };

  return (
    <Stack>
      <Title order={2}>{t('logTitle')}</Title>
      <Text size="sm">{t('logIntro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (initiativeId.trim()) navigate(`/audit/initiatives/${encodeURIComponent(initiativeId.trim())}`);
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('initiativeId')} value={initiativeId} onChange={(e) => setInitiativeId(e.currentTarget.value)} />
          <Button type="submit" variant="default">
            {t('openInitiative')}
          </Button>
        </Group>
      </form>
      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters">
        <Title order={3} size="h4" id="audit-filters" mb="sm">
          {t('filters')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilters({ actorId: draft.actorId.trim(), type: draft.type.trim(), stream: draft.stream.trim(), from: draft.from ? instant(draft.from) : '', to: draft.to ? instant(draft.to) : '' });
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('actorId')} value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.currentTarget.value })} />
            <TextInput label={t('type')} value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.currentTarget.value })} />
            <TextInput label={t('stream')} value={draft.stream} onChange={(e) => setDraft({ ...draft, stream: e.currentTarget.value })} />
            <TextInput type="datetime-local" step={1} label={t('from')} description={t('timeZoneHint', { zone })} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
            <TextInput type="datetime-local" step={1} label={t('to')} description={t('timeZoneHint', { zone })} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
            <Button type="submit">{t('apply')}</Button>
            <Button variant="default" onClick={() => setFilters({ actorId: '', type: '', stream: '', from: '', to: '' })}>
              {t('clear')}
            </Button>
          </Group>
        </form>
        <Group mt="md" justify="space-between" align="flex-end">
          <SavedViews screen="audit-events" />
          <Button variant="light" loading={csv.isPending} onClick={() => csv.mutate()}>
            {t('exportCsv')}
          </Button>
        </Group>
      </Paper>
      <ErrorAlert error={events.error ?? csv.error} />
      {events.data && events.data.items.length === 0 && <Text>{t('noResults', { ns: 'common' })}</Text>}
      {events.data && events.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label={t('logTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recordedAt')}</Table.Th>
                <Table.Th>{t('stream')}</Table.Th>
                <Table.Th>{t('version')}</Table.Th>
                <Table.Th>{t('type')}</Table.Th>
                <Table.Th>{t('actor')}</Table.Th>
                <Table.Th>{t('data')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.items.map((e) => {
                const initiative = initiativeOf(e.streamName);
                const actor = e.metadata.actor;
                return (
                  <Table.Tr key={e.eventId}>
                    <Table.Td>
                      <time dateTime={e.recordedAt}>{formatPrecise(e.recordedAt, fmt.prefs.language, fmt.prefs.timeZone)}</time>
                    </Table.Td>
                    <Table.Td>
                      {initiative ? (
                        <Anchor component={Link} to={`/audit/initiatives/${encodeURIComponent(initiative)}`}>
                          {e.streamName}
                        </Anchor>
                      ) : (
                        e.streamName
                      )}
                    </Table.Td>
                    <Table.Td>{e.streamVersion}</Table.Td>
                    <Table.Td>{e.type}</Table.Td>
                    <Table.Td>{actor ? `${actor.id}${actor.role ? ` (${actor.role})` : ''}` : t('system')}</Table.Td>
                    <Table.Td>
                      <EventData data={e.data} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CursorPager nextCursor={events.data?.nextCursor} />
    </Stack>
  );
}
