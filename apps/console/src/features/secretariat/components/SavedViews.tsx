import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../../lib/auth';
import { loadViews, storeViews, type SavedView } from '../../../lib/url-state';

/** The user's saved filters of one screen: save the current query string under a name, apply, delete. */
export function SavedViews({ screen }: { screen: string }) {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const userId = session?.user.userId ?? 'anonymous';
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId, screen));
  const [name, setName] = useState('');
  const update = (next: SavedView[]) => {
    storeViews(userId, screen, next);
    setViews(next);
  };
  // The page cursor is not part of a view: a view starts on page one.
  const search = () => {
    const p = new URLSearchParams(location.search);
    p.delete('cursor');
    p.delete('back');
    return p.toString();
  };
  return (
    <Stack gap="xs" component="section" aria-label={tc('savedViews')}>
      <Text fw={600} size="sm">
        {tc('savedViews')}
      </Text>
      {views.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('noSavedViews')}
        </Text>
      )}
      <Group gap="xs">
        {views.map((v) => (
          <Group key={v.name} gap={4}>
            <Button size="xs" variant="light" component={Link} to={{ pathname: location.pathname, search: v.search }} aria-label={t('applyView', { name: v.name })}>
              {v.name}
            </Button>
            <Button size="xs" variant="light" color="red" aria-label={t('deleteViewNamed', { name: v.name })} onClick={() => update(views.filter((x) => x.name !== v.name))}>
              ×
            </Button>
          </Group>
        ))}
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (!trimmed) return;
          update([...views.filter((v) => v.name !== trimmed), { name: trimmed, search: search() }]);
          setName('');
        }}
      >
        <Group gap="xs" align="flex-end">
          <TextInput size="xs" label={t('savedViewName')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button size="xs" type="submit" variant="default">
            {tc('saveView')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
