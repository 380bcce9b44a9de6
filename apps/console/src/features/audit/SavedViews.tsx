import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../../lib/auth';
import { loadViews, storeViews, type SavedView } from '../../lib/url-state';

/** A user's saved filter sets of one screen (lib/url-state: localStorage, filters only). */
export function SavedViews({ screen }: { screen: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const userId = session?.user.userId ?? 'anonymous';
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId, screen));
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const update = (next: SavedView[]) => {
    storeViews(userId, screen, next);
    setViews(next);
  };
  const search = (() => {
    const p = new URLSearchParams(location.search);
    p.delete('cursor');
    p.delete('back');
    return p.toString();
  })();
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('savedViews')}
        value={chosen}
        data={[{ value: '', label: '—' }, ...views.map((v) => ({ value: v.name, label: v.name }))]}
        onChange={(e) => {
          const view = views.find((v) => v.name === e.currentTarget.value);
          setChosen(e.currentTarget.value);
          if (view) navigate({ pathname: location.pathname, search: view.search });
        }}
      />
      {chosen && (
        <Button
          variant="subtle"
          color="red"
          onClick={() => {
            update(views.filter((v) => v.name !== chosen));
            setChosen('');
          }}
        >
          {t('deleteView')}
        </Button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          update([...views.filter((v) => v.name !== name.trim()), { name: name.trim(), search }]);
          setChosen(name.trim());
          setName('');
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('viewName')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button type="submit" variant="default">
            {t('saveView')}
          </Button>
        </Group>
      </form>
    </Group>
  );
}
