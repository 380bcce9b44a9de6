import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/**
 * Next / previous over an opaque cursor kept in the URL (`?cursor=`): the stack of earlier cursors
 * travels in `?back=` so "previous" works after a reload too.
 */
export function CursorPager({ nextCursor }: { nextCursor: string | null | undefined }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const cursor = params.get('cursor');
  const back = params.get('back')?.split(',').filter(Boolean) ?? [];
  const go = (next: string | null, nextBack: string[]) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (next) p.set('cursor', next);
      else p.delete('cursor');
      if (nextBack.length) p.set('back', nextBack.join(','));
      else p.delete('back');
      return p;
    });
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" disabled={!cursor} onClick={() => go(back.at(-1) || null, back.slice(0, -1))}>
        {t('previous')}
      </Button>
      <Button variant="default" disabled={!nextCursor} onClick={() => go(nextCursor ?? null, cursor ? [...back, cursor] : [...back, ''])}>
        {t('next')}
      </Button>
    </Group>
  );
}
