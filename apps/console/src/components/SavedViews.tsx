import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../lib/auth';
import { loadViews, storeViews, type SavedView } from '../lib/url-state';

/**
 * The user's saved filters of one screen (the query string of the URL, kept in localStorage per
 * user and screen, never data): apply, save the current ones under a name, delete.
 */
export function SavedViews({ screen }: { screen: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const userId = session?.user.userId ?? 'anonymous';
  const [params, setParams] = useSearchParams();
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId, screen));
  const [name, setName] = useState('');
  const update = (next: SavedView[]) => {
    setViews(next);
    storeViews(userId, screen, next);
  };
  const current = () => {
    const p = new URLSearchParams(params);
    p.delete('cursor');
    p.delete('back');
    return p.toString();
  };
  return (
    <Stack gap="xs" component="section" aria-label={t('savedViews')}>
      <Text fw={600} size="sm">
        {t('savedViews')}
      </Text>
      {views.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noSavedViews')}
        </Text>
      ) : (
        <Group gap="xs">
          {views.map((v) => (
            <Group key={v.name} gap={2}>
              <Button size="xs" variant="light" aria-label={t('applyView', { name: v.name })} onClick={() => setParams(new URLSearchParams(v.search))}>
                {v.name}
              </Button>
              <Button size="xs" variant="subtle" color="red" aria-label={t('deleteViewNamed', { name: v.name })} onClick={() => update(views.filter((x) => x.name !== v.name))}>
                ×
              </Button>
            </Group>
          ))}
        </Group>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (!trimmed) return;
          update([...views.filter((v) => v.name !== trimmed), { name: trimmed, search: current() }]);
          setName('');
        }}
      >
        <Group gap="xs" align="flex-end">
          <TextInput size="xs" label={t('viewName')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} />
          <Button size="xs" type="submit" variant="default" disabled={!name.trim()}>
            {t('saveView')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
