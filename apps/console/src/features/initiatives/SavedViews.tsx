import { ActionIcon, Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../../lib/auth';
import { loadViews, storeViews, type SavedView } from '../../lib/url-state';

/** Saved views of a list: the current filters (the URL's query without the page cursor) under a name. */
export function SavedViews({ screen }: { screen: string }) {
  const { t } = useTranslation('initiatives');
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const userId = session?.user.userId ?? 'anonymous';
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId, screen));
  const [name, setName] = useState('');
  const current = (() => {
    const p = new URLSearchParams(location.search);
    p.delete('cursor');
    p.delete('back');
    return p.toString();
  })();
  const save = (next: SavedView[]) => {
    setViews(next);
    storeViews(userId, screen, next);
  };
  const selected = views.find((v) => v.search === current)?.name ?? '';
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <NativeSelect
        label={t('common:savedViews')}
        value={selected}
        data={[{ value: '', label: t('noView') }, ...views.map((v) => ({ value: v.name, label: v.name }))]}
        onChange={(e) => {
          const view = views.find((v) => v.name === e.currentTarget.value);
          navigate({ search: view ? `?${view.search}` : '' });
        }}
      />
      {selected && (
        <ActionIcon variant="default" size="lg" aria-label={t('common:deleteView')} title={t('common:deleteView')} onClick={() => save(views.filter((v) => v.name !== selected))}>
          ×
        </ActionIcon>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          if (!n) return;
          save([...views.filter((v) => v.name !== n), { name: n, search: current }]);
          setName('');
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput label={t('common:viewName')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button type="submit" variant="default" disabled={!name.trim()}>
            {t('common:saveView')}
          </Button>
        </Group>
      </form>
    </Group>
  );
}
