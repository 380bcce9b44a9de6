import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { useUrlFilters } from '../../lib/url-state';
import { fetchGallery, galleryKeys, type GalleryFilter, type PublicInitiative } from './api';
import './messages';

const KEYS = ['q', 'field', 'level', 'movementId', 'cursor'] as const;

export function Authors({ authors }: { authors: { name: string }[] }) {
  return <>{authors.map((a) => a.name).join(', ') || '—'}</>;
}

function InitiativeCard({ item }: { item: PublicInitiative }) {
  const { t } = useTranslation('gallery');
  const fmt = useFormat();
  return (
    <Card withBorder component="article" aria-labelledby={`g-${item.initiativeId}`}>
      <Stack gap={4}>
        <Title order={3} size="h4" id={`g-${item.initiativeId}`}>
          <Anchor component={Link} to={`/gallery/${encodeURIComponent(item.initiativeId)}`}>
            {item.title}
          </Anchor>
        </Title>
        <Text size="sm" lineClamp={3}>
          {item.summary}
        </Text>
        <Text size="xs" c="dimmed">
          {t('authors')}: <Authors authors={item.authors} /> · {t('unit')}: {item.unitName ?? '—'} · {t('field')}: {item.field} · {t('publishedAt')}: {fmt.date(item.publishedAt)}
        </Text>
      </Stack>
    </Card>
  );
}

/** The public gallery: published initiatives, searchable, filters in the URL, paginated. */
export function GalleryPage() {
  const { t } = useTranslation('gallery');
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [draft, setDraft] = useState({ q: filters.q, field: filters.field, level: filters.level });
  useEffect(() => setDraft({ q: filters.q, field: filters.field, level: filters.level }), [filters.q, filters.field, filters.level]);
  const filter: GalleryFilter = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as GalleryFilter;
  const list = useQuery({ queryKey: galleryKeys.list(filter), queryFn: () => fetchGallery(filter) });
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <form
        role="search"
        aria-label={t('search')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ q: draft.q.trim(), field: draft.field.trim(), level: draft.level.trim() });
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('search')} placeholder={t('searchPlaceholder')} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} type="search" />
          <TextInput label={t('field')} value={draft.field} onChange={(e) => setDraft({ ...draft, field: e.currentTarget.value })} />
          <TextInput label={t('level')} value={draft.level} onChange={(e) => setDraft({ ...draft, level: e.currentTarget.value })} />
          <Button type="submit">{t('apply')}</Button>
          <Button variant="default" onClick={() => setFilters({ q: '', field: '', level: '', movementId: '' })}>
            {t('clear')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={list.error} />
      <section aria-label={t('results')}>
        <Stack>
          {list.data?.items.map((item) => <InitiativeCard key={item.initiativeId} item={item} />)}
          {list.data && !list.data.items.length && <Text role="status">{t('empty')}</Text>}
        </Stack>
      </section>
      <CursorPager nextCursor={list.data?.nextCursor} />
    </Stack>
  );
}
