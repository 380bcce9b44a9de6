import { Alert, Button, Card, Collapse, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/api';
import { useFormat } from '../../lib/prefs';
import { fetchConsultations, fileObjection, galleryKeys, type PublicConsultation } from './api';
import { Authors } from './GalleryPage';
import './messages';

/** The objection form of one consultation: no sign-in; the contact is optional and never public. */
export function ObjectionForm({ consultation, onDone }: { consultation: PublicConsultation; onDone: () => void }) {
  const { t } = useTranslation('gallery');
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  // One key per form: a retried submit files the objection once.
  const [key, setKey] = useState(newIdempotencyKey);
  const file = useMutation({ mutationFn: () => fileObjection(consultation.initiativeId, { text: text.trim(), contact: contact.trim() || undefined }, key) });
  if (file.data)
    return (
      <Alert color="teal" role="status">
        {t('sent', { id: file.data.objectionId })}
      </Alert>
    );
  return (
    <form
      aria-label={t('objectTo', { title: consultation.title })}
      onSubmit={(e) => {
        e.preventDefault();
        file.mutate(undefined, { onError: () => setKey(newIdempotencyKey()) });
      }}
    >
      <Stack gap="xs">
        <ErrorAlert error={file.error} />
        <Textarea label={t('objectionText')} value={text} onChange={(e) => setText(e.currentTarget.value)} required minRows={4} maxLength={10_000} autosize />
        <TextInput label={t('objectionContact')} description={t('objectionContactHelp')} value={contact} onChange={(e) => setContact(e.currentTarget.value)} maxLength={300} />
        <Group>
          <Button type="submit" loading={file.isPending} disabled={!text.trim()}>
            {t('send')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ConsultationCard({ item }: { item: PublicConsultation }) {
  const { t } = useTranslation('gallery');
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const formId = `objection-${item.consultationId}`;
  return (
    <Card withBorder component="article" aria-labelledby={`c-${item.consultationId}`}>
      <Stack gap={4}>
        <Title order={3} size="h4" id={`c-${item.consultationId}`}>
          {item.title}
        </Title>
        <Text size="sm">{item.summary}</Text>
        <Text size="xs" c="dimmed">
          {t('authors')}: <Authors authors={item.authors} /> · {t('unit')}: {item.unitName ?? '—'} · {t('field')}: {item.field}
        </Text>
        <Text size="sm" fw={700}>
          {t('closesAt')}: <time dateTime={item.closesAt}>{fmt.dateTime(item.closesAt)}</time>
        </Text>
        <Group>
          <Button variant="light" aria-expanded={open} aria-controls={formId} onClick={() => setOpen((o) => !o)} aria-label={t('objectTo', { title: item.title })}>
            {t('object')}
          </Button>
        </Group>
        <Collapse expanded={open} id={formId}>
          {open && <ObjectionForm consultation={item} onDone={() => setOpen(false)} />}
        </Collapse>
      </Stack>
    </Card>
  );
}

/** Open consultations, closing soonest first, each with its objection form. */
export function ConsultationsPage() {
  const { t } = useTranslation('gallery');
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const list = useQuery({ queryKey: galleryKeys.consultations(cursor), queryFn: () => fetchConsultations(cursor) });
  return (
    <Stack>
      <Title order={2}>{t('consultationsTitle')}</Title>
      <Text>{t('consultationsIntro')}</Text>
      <ErrorAlert error={list.error} />
      {list.data?.items.map((item) => <ConsultationCard key={item.consultationId} item={item} />)}
      {list.data && !list.data.items.length && <Text role="status">{t('noConsultations')}</Text>}
      <CursorPager nextCursor={list.data?.nextCursor} />
    </Stack>
  );
}
